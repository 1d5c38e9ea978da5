import { defineConfig } from "vitest/config";

/**
 * One `vitest run` covers every part; each part keeps its own settings (timeouts, setup,
 * parallelism) in its own config file.
 */
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: ["./vitest.app.config.ts", "./target-service/vitest.config.ts", "./local-lab/vitest.config.ts", "./infra/vitest.config.ts"],
  },
});
