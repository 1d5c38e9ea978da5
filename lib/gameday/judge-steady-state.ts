import "server-only";
import { db } from "@/lib/db/client";
import { getScenario } from "@/lib/scenarios";
import { STEADY_STATE } from "@/lib/scenarios/common";
import { evaluateSteadyState } from "@/lib/scenarios/steady-state";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { scenarioTitle } from "./scenario-title";
import { RunRecoveryTracker, SteadyStateTracker } from "./steady-state-tracker";

/** Runs whose recovery is still watched after they end. */
const RECOVERY_HORIZON_MS = 15 * 60_000;

/**
 * Ground truth from the target's signals, for every run whether or not anyone watches: the
 * game day's steady state lost and regained, and each run's recovery instant (its scenario's
 * recovery checks holding again after injection). Fed the newest value of each signal by
 * whoever reads the lab (the elected poller); keeps only the hysteresis in memory, and every
 * write is conditional, so two instances racing record each fact once.
 */
export class SteadyStateJudge {
  private readonly steady: SteadyStateTracker;
  private readonly recoveries = new Map<string, RunRecoveryTracker>();

  constructor(
    private readonly gameDayId: string,
    private readonly timing: { lostAfterMs: number; stableMs: number },
  ) {
    this.steady = new SteadyStateTracker(timing);
  }

  async observe(latest: Map<string, number>, now: number): Promise<void> {
    const transition = this.steady.observe(evaluateSteadyState(STEADY_STATE, latest), now);
    if (transition) {
      const failing = transition.verdict.failing.map((result) => `${result.label} (${result.detail})`).join("; ");
      await appendTimelineEvent({
        gameDayId: this.gameDayId,
        kind: transition.kind === "lost" ? "steady-state.lost" : "steady-state.regained",
        at: new Date(transition.atMs),
        body: transition.kind === "lost" ? `Steady state lost: ${failing}` : "Steady state regained: every check holds",
        data: { checks: transition.verdict.results.map((result) => ({ label: result.label, status: result.status, detail: result.detail })) },
      });
    }
    await this.recordRecoveries(latest, now);
  }

  private async recordRecoveries(latest: Map<string, number>, now: number): Promise<void> {
    const runs = await db().run.findMany({
      where: {
        gameDayId: this.gameDayId,
        injectedAt: { not: null },
        recoveredAt: null,
        OR: [{ endedAt: null }, { endedAt: { gte: new Date(now - RECOVERY_HORIZON_MS) } }],
      },
    });
    for (const run of runs) {
      const definition = getScenario(run.scenarioId);
      const injectedAt = run.injectedAt;
      if (!definition || !injectedAt) continue;
      let tracker = this.recoveries.get(run.id);
      if (!tracker) this.recoveries.set(run.id, (tracker = new RunRecoveryTracker(injectedAt.getTime(), this.timing.stableMs)));
      const recoveredAtMs = tracker.observe(evaluateSteadyState(definition.recovery.checks, latest), now);
      if (recoveredAtMs === null) continue;
      await db().$transaction(async (tx) => {
        const { count } = await tx.run.updateMany({ where: { id: run.id, recoveredAt: null }, data: { recoveredAt: new Date(recoveredAtMs) } });
        if (count === 0) return;
        const seconds = Math.round((recoveredAtMs - injectedAt.getTime()) / 1000);
        await appendTimelineEvent(
          {
            gameDayId: this.gameDayId,
            runId: run.id,
            kind: "run.recovered",
            at: new Date(recoveredAtMs),
            body: `${scenarioTitle(run.scenarioId)}: recovered ${seconds} s after injection (${definition.recovery.description})`,
            data: { scenarioId: run.scenarioId, secondsAfterInjection: seconds },
          },
          tx,
        );
      });
      this.recoveries.delete(run.id);
    }
  }
}
