import { startThrowawayStack } from "../scripts/console/throwaway";

/** Browser tests must never touch a real database: they run only on one they create. */
function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) throw new Error(`E2E refuses a non-local database (${host}).`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const stack = await startThrowawayStack({ name: "e2e", port, log: (message) => console.log(`[e2e] ${message}`) });
  assertLocalDatabase(stack.databaseUrl);
  process.env.E2E_CREDENTIALS = JSON.stringify(stack.credentials);
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return () => stack.stop();
}
