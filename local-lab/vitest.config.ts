import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "local-lab",
    include: ["local-lab/**/*.test.ts"],
    root: "..",
    environment: "node",
  },
});
