import { defineConfig } from "vitest/config";
import { sharedAlias } from "./vitest.shared.ts";

/**
 * The crash drills: real processes killed with SIGKILL, Postgres restarted under load, two
 * consoles on one machine. Each drill starts and owns its whole stack, so they run one at a
 * time; each checks that the failure really happened and that the console recovered.
 */
export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    name: "drills",
    include: ["test/drills/**/*.drill.ts"],
    environment: "node",
    globalSetup: ["./test/drills/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
