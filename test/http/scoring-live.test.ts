/**
 * Scoring on the real thing: a real fault on the local lab (network latency on every api
 * task), a trainee who detects it, names it and fixes it with a real deployment, through
 * `next start`. The measures must agree, to the second, with the instants the lab and the
 * timeline recorded: fault start is the lab's injection, time to detect runs from impact
 * onset to the trainee's entry, time to mitigate from impact onset to the recovery the
 * console observed after the trainee's deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RunScoreViewSchema, type RunScoreView } from "@/lib/scoring/schemas";
import { createUserOverHttp, expectOk, http, seededAdminCookie, type HttpUser } from "./client";

const RunSchema = z.object({ run: z.object({ id: z.string(), injectedAt: z.string().nullable(), recoveredAt: z.string().nullable(), status: z.string() }) });
const EventSchema = z.object({ event: z.object({ id: z.string(), at: z.string() }) });

async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

describe("scoring a real run on the local lab", () => {
  let facilitator: HttpUser;
  let trainee: HttpUser;
  let gameDayId = "";
  let runId = "";
  let detectedAt = "";
  let score: RunScoreView;

  beforeAll(async () => {
    const admin = await seededAdminCookie();
    facilitator = await createUserOverHttp(admin, "facilitator");
    trainee = await createUserOverHttp(admin, "trainee");
    const created = z.object({ gameDay: z.object({ id: z.string() }) }).parse(
      expectOk(await http("POST", "/api/gamedays", { cookie: facilitator.cookie, body: { title: "Scored drill", environment: "local", labPace: "fast", teams: ["Blue"] } })),
    );
    gameDayId = created.gameDay.id;
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/participants`, { cookie: facilitator.cookie, body: { email: trainee.email, role: "trainee", team: "Blue" } }));
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/start`, { cookie: facilitator.cookie }));
    const launched = RunSchema.parse(
      expectOk(
        await http("POST", `/api/gamedays/${gameDayId}/runs`, {
          cookie: facilitator.cookie,
          body: { scenarioId: "network-latency", params: { delayMs: 1500, jitterMs: 0, taskPercent: 100 }, durationSeconds: 300, idempotencyKey: "scoring-live-run", confirmBlastRadius: true },
        }),
      ),
    );
    runId = launched.run.id;
    await waitFor(async () => RunSchema.parse((await http("GET", `/api/runs/${runId}`, { cookie: facilitator.cookie })).json).run, (run) => run.injectedAt !== null, "the injection", 30_000);
    // Let the latency show on the load balancer before the trainee reacts, as a responder would.
    await new Promise((resolve) => setTimeout(resolve, 6000));

    const post = async (body: Record<string, unknown>) => EventSchema.parse(expectOk(await http("POST", `/api/gamedays/${gameDayId}/timeline`, { cookie: trainee.cookie, body }))).event;
    detectedAt = (await post({ kind: "detected", body: "p95 latency above 1 s on api since a few seconds" })).at;
    await post({ kind: "hypothesis", body: "network latency on the api tasks, a delay on every call" });
    await post({ kind: "root-cause", body: "the api tasks add latency to every request", component: "api-service", failureMode: "added-latency" });
    await post({ kind: "status-update", body: "Checkout is slow; replacing the api tasks" });
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/remediations`, { cookie: trainee.cookie, body: { action: { type: "force-new-deployment", service: "api" }, runId } }));

    await waitFor(async () => RunSchema.parse((await http("GET", `/api/runs/${runId}`, { cookie: facilitator.cookie })).json).run, (run) => run.recoveredAt !== null, "the recovery after the deployment", 120_000);
    expectOk(await http("POST", `/api/runs/${runId}/stop`, { cookie: facilitator.cookie, body: { reason: "recovered; ending the drill" } }));
    score = z.object({ score: RunScoreViewSchema }).parse(expectOk(await http("GET", `/api/runs/${runId}/score`, { cookie: facilitator.cookie }))).score;
  }, 240_000);

  afterAll(async () => {
    if (runId) await http("POST", `/api/runs/${runId}/stop`, { cookie: facilitator.cookie, body: { reason: "suite done" } });
  });

  it("takes fault start and recovery from the lab's record of the run", async () => {
    const run = RunSchema.parse((await http("GET", `/api/runs/${runId}`, { cookie: facilitator.cookie })).json).run;
    expect(score.groundTruth?.faultStart).toBe(run.injectedAt);
    expect(score.groundTruth?.recovery).toBe(run.recoveredAt);
    expect(score.groundTruth?.impactOnset).not.toBeNull();
  });

  it("measures detection and mitigation within a second of the recorded instants, and credits the team's deployment", () => {
    const truth = score.groundTruth;
    const team = score.teams[0];
    const onset = truth?.impactOnset?.at ?? "";
    const measures = team?.measures;
    console.log(
      JSON.stringify(
        { faultStart: truth?.faultStart, impactOnset: truth?.impactOnset, detectedAt, recovery: truth?.recovery, faultEnd: truth?.faultEnd, remediations: truth?.remediations, measures, total: team?.total, ratings: team?.ratings.map((rating) => [rating.capability, rating.proposed]) },
        null,
        1,
      ),
    );
    expect(measures?.timeToDetect?.seconds).toBeCloseTo(seconds(onset, detectedAt), 0);
    expect(Math.abs((measures?.timeToDetect?.seconds ?? Infinity) - seconds(onset, detectedAt))).toBeLessThanOrEqual(1);
    expect(Math.abs((measures?.timeToMitigate?.seconds ?? Infinity) - seconds(onset, truth?.recovery ?? ""))).toBeLessThanOrEqual(1);
    expect(measures?.mitigation).toBe("mitigated");
    expect(measures?.diagnosis).toBe("correct");
    expect(truth?.remediations.map((remediation) => remediation.effect)).toContain("ended-incident");
  });
});
