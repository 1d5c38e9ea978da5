import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "target-service",
    include: ["target-service/**/*.test.ts"],
    root: "..",
    environment: "node",
  },
});
