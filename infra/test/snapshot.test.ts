/**
 * One snapshot of the default deployment's six templates. It records change, not intent
 * (the other files assert intent); asset hashes are scrubbed so editing a Lambda or the
 * console's source does not churn it.
 */
import { describe, expect, it } from "vitest";
import { STACK_KEYS, synth, VARIANTS } from "./synth";

/** Content hashes of staged assets (zip keys, image tags) in a template. */
export function scrubAssetHashes(json: string): string {
  return json.replace(/[a-f0-9]{64}/g, "<asset-hash>");
}

describe("snapshot", () => {
  it("matches the recorded templates of the default deployment, asset hashes scrubbed", () => {
    const { json } = synth(VARIANTS.defaults);
    const templates = Object.fromEntries(STACK_KEYS.map((key) => [key, json[key]]));
    const scrubbed = JSON.parse(scrubAssetHashes(JSON.stringify(templates))) as unknown;
    expect(JSON.stringify(scrubbed)).not.toMatch(/[a-f0-9]{64}/);
    expect(scrubbed).toMatchSnapshot();
  });
});
