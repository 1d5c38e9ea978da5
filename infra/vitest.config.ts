import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "infra",
    include: ["infra/**/*.test.ts"],
    root: "..",
    environment: "node",
  },
});
