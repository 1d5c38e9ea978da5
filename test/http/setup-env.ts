import { inject } from "vitest";

// The suites read what the server wrote (audit rows, row counts) from the server's own
// database; they never write to it directly.
process.env.DATABASE_URL = inject("consoleDatabaseUrl");
process.env.NEXTAUTH_SECRET ??= "unused-by-http-suites-the-server-has-its-own-secret";
process.env.NEXTAUTH_URL = inject("consoleUrl");
process.env.LAB_KIND ??= "local";
