import path from "node:path";
import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared.ts";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "local-lab",
    include: ["local-lab/**/*.test.ts", "lib/lab/local/**/*.test.ts"],
    // Absolute: a relative root resolves against the working directory, not this file.
    root: path.resolve(import.meta.dirname, ".."),
    environment: "node",
    // Each integration file runs a whole fleet (a daemon, Postgres, several Node tasks); two at
    // once would fight over the machine's two cores and turn timings into noise.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
