import { defineConfig } from "vitest/config";
import { sharedAlias } from "./vitest.shared.ts";

/**
 * The HTTP suites: every route through `next start` (production build, throwaway embedded
 * Postgres, real local lab). Files run one after another: they share one server and
 * compare row counts before and after each call.
 */
export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    name: "http",
    include: ["test/http/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./test/http/global-setup.ts"],
    setupFiles: ["./test/http/setup-env.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
