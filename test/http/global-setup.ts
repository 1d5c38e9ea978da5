import type { TestProject } from "vitest/node";
import { startThrowawayStack } from "../../scripts/console/throwaway";

declare module "vitest" {
  export interface ProvidedContext {
    consoleUrl: string;
    consoleDatabaseUrl: string;
    seededCredentials: string;
  }
}

/**
 * The HTTP suites run against the production build: `next start` on a throwaway embedded
 * Postgres with a real local lab, started once for the whole project, exactly as the
 * browser tests and `npm start` run it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startThrowawayStack({ name: "http", log: (message) => console.log(`[http] ${message}`) });
  const host = new URL(stack.databaseUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
    await stack.stop();
    throw new Error(`The HTTP suites refuse a non-local database (${host}).`);
  }
  project.provide("consoleUrl", stack.url);
  project.provide("consoleDatabaseUrl", stack.databaseUrl);
  project.provide("seededCredentials", JSON.stringify(stack.credentials));
  return () => stack.stop();
}
