import path from "node:path";
import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared.ts";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "target-service",
    include: ["target-service/**/*.test.ts"],
    // Absolute: a relative root resolves against the working directory, not this file.
    root: path.resolve(import.meta.dirname, ".."),
    environment: "node",
    // The process tests measure CPU and latency of real child processes; running them beside
    // the Postgres-backed file on a 2-core machine would turn those numbers into noise.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
