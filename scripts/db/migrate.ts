/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { applyMigrations } from "./migrations";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm start` migrates its embedded Postgres by itself; set DATABASE_URL to migrate another database.");
  process.exit(2);
}
applyMigrations(url)
  .then((result) => {
    console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : "Database is up to date.");
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
