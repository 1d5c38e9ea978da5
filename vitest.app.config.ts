import { defineProject } from "vitest/config";
import { sharedAlias } from "./vitest.shared";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "console",
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.{ts,tsx}", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
  },
});
