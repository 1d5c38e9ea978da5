/**
 * The real CDK CLI synthesizes the whole app offline, the way `cdk deploy` will: from
 * infra/, through cdk.json, with notices and telemetry off.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STACK_KEYS } from "./synth";

const INFRA_DIR = path.resolve(import.meta.dirname, "..");
const CDK = path.resolve(INFRA_DIR, "..", "node_modules", ".bin", "cdk");
const outdir = mkdtempSync(path.join(tmpdir(), "gameday-cdk-cli-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("cdk synth (the CLI)", () => {
  it("exits 0 offline and writes every stack's template", () => {
    const result = spawnSync(CDK, ["synth", "--all", "--no-notices", "-q", "-o", outdir], {
      cwd: INFRA_DIR,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: "true", CDK_DISABLE_VERSION_CHECK: "1" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { artifacts: Record<string, { type: string }> };
    const stacks = Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === "aws:cloudformation:stack");
    expect(stacks.map(([id]) => id).sort()).toEqual(["Chaos", "Console", "Data", "Network", "Observability", "Target"]);
    for (const [id] of stacks) expect(existsSync(path.join(outdir, `${id}.template.json`)), id).toBe(true);
    expect(STACK_KEYS).toHaveLength(stacks.length);
  });
});
