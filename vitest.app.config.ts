import { defineProject } from "vitest/config";
import { sharedAlias } from "./vitest.shared.ts";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "console",
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.{ts,tsx}", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["lib/lab/local/**", "test/http/**", "**/node_modules/**"],
    environment: "node",
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
