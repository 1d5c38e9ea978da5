import path from "node:path";
import { defineProject } from "vitest/config";
import { sharedAlias } from "../vitest.shared.ts";

export default defineProject({
  resolve: { alias: sharedAlias },
  test: {
    name: "infra",
    include: ["infra/**/*.test.ts"],
    exclude: ["infra/cdk.out/**", "**/node_modules/**"],
    // Absolute: a relative root resolves against the working directory, not this file.
    root: path.resolve(import.meta.dirname, ".."),
    environment: "node",
    // A full synth (six stacks, cdk-nag, CloudFormation validation) takes seconds of CPU; on a
    // shared two-core machine files run one after another so timings stay predictable.
    fileParallelism: false,
    // One module graph for all files: the synthesized app (test/synth.ts) is cached across them.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
