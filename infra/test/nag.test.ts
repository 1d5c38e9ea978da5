/**
 * The cdk-nag AwsSolutions gate: synth fails on any unacknowledged finding (so every other
 * test that synthesizes already passes through it), and each acknowledgement carries a
 * specific reason.
 */
import * as s3 from "aws-cdk-lib/aws-s3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildApp } from "../lib/app";
import { acknowledgements, synth, VARIANTS } from "./synth";

describe("cdk-nag AwsSolutions gate", () => {
  it("reports zero unacknowledged findings (and no CloudFormation validation warnings) for both deployments", () => {
    for (const variant of [VARIANTS.defaults, VARIANTS.everything]) {
      const { report } = synth(variant);
      const violations = report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => `${plugin.pluginName} ${violation.ruleName}`));
      expect(violations).toEqual([]);
    }
  });

  it("gives every acknowledgement a specific reason", () => {
    // CDK acknowledges some of its own CloudFormation-validation rules; ours are the AwsSolutions ones.
    const found = acknowledgements(synth(VARIANTS.everything).built.app).filter((entry) => entry.id.includes("::AwsSolutions-"));
    expect(found.length).toBeGreaterThan(20);
    for (const { path: constructPath, id, reason } of found) {
      expect(id, constructPath).toMatch(/^[A-Za-z]+::AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length, `${constructPath} ${id}`).toBeGreaterThanOrEqual(40);
    }
    // Reasons are written for their finding, not pasted: no two different rules share one.
    const byReason = new Map<string, Set<string>>();
    for (const { id, reason } of found) byReason.set(reason, (byReason.get(reason) ?? new Set()).add(id.replace(/\[.*$/, "")));
    for (const [reason, ids] of byReason) expect(ids.size, reason).toBe(1);
  });

  it("acknowledges the plain-HTTP console listener with the reason, and the HTTPS one differently", () => {
    const reasonFor = (variant: Record<string, string>) =>
      acknowledgements(synth(variant).built.app).find((entry) => entry.path === "Console/AlbSecurityGroup" && entry.id.endsWith("AwsSolutions-EC23"))?.reason;
    expect(reasonFor(VARIANTS.defaults)).toMatch(/^No certificateArn was given, so the console listens on plain HTTP/);
    expect(reasonFor(VARIANTS.everything)).toMatch(/HTTPS only/);
  });

  it("fails synth on a finding nobody acknowledged", () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "gameday-nag-"));
    try {
      const { app, stacks } = buildApp({ outdir });
      // A bucket without access logs or TLS enforcement: two AwsSolutions findings.
      new s3.Bucket(stacks.network, "CarelessBucket");
      expect(() => app.synth()).toThrow(/The S3 Bucket has server access logs disabled[\s\S]*Network\/CarelessBucket/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
