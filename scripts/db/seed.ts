/**
 * `npm run db:seed`: seeds an empty database (DATABASE_URL) with the demo cast and game day
 * and prints the created accounts as JSON on stdout (nothing when the database had users).
 * Runs with `--conditions=react-server` because it uses the console's server modules.
 */
import { disconnectDb } from "../../lib/db/client";
import { seedDemo } from "../../prisma/seed";

seedDemo()
  .then(async (credentials) => {
    await disconnectDb();
    process.stdout.write(`${JSON.stringify(credentials)}\n`);
  })
  .catch(async (error: unknown) => {
    await disconnectDb();
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
