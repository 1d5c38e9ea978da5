/**
 * Turns a stream of steady-state verdicts into transitions, with hysteresis so a single bad
 * sample does not flap the timeline: "lost" after failing for `lostAfterMs`, "regained"
 * after passing for `stableMs` (reported at the instant it started passing).
 */
import type { SteadyStateVerdict } from "@/lib/scenarios/steady-state";

export type SteadyTransition = { kind: "lost"; atMs: number; verdict: SteadyStateVerdict } | { kind: "regained"; atMs: number; verdict: SteadyStateVerdict };

export class SteadyStateTracker {
  private state: "unknown" | "steady" | "lost" = "unknown";
  private failingSince: number | null = null;
  private passingSince: number | null = null;

  constructor(private readonly options: { lostAfterMs: number; stableMs: number }) {}

  get current(): "unknown" | "steady" | "lost" {
    return this.state;
  }

  observe(verdict: SteadyStateVerdict, atMs: number): SteadyTransition | null {
    const failing = verdict.failing.length > 0;
    const passing = verdict.steady;
    if (failing) {
      this.passingSince = null;
      this.failingSince ??= atMs;
      if (this.state !== "lost" && atMs - this.failingSince >= this.options.lostAfterMs) {
        this.state = "lost";
        return { kind: "lost", atMs: this.failingSince, verdict };
      }
      return null;
    }
    this.failingSince = null;
    if (!passing) return null;
    this.passingSince ??= atMs;
    if (this.state === "unknown") {
      this.state = "steady";
      return null;
    }
    if (this.state === "lost" && atMs - this.passingSince >= this.options.stableMs) {
      this.state = "steady";
      return { kind: "regained", atMs: this.passingSince, verdict };
    }
    return null;
  }
}

/**
 * Recovery of one run: the scenario's recovery checks must first fail after injection (the
 * fault had an effect) and then hold for `stableMs`. Returns the recovery instant once.
 */
export class RunRecoveryTracker {
  private impactAt: number | null = null;
  private passingSince: number | null = null;
  private done = false;

  constructor(
    private readonly injectedAtMs: number,
    private readonly stableMs: number,
  ) {}

  get impactObserved(): boolean {
    return this.impactAt !== null;
  }

  observe(verdict: SteadyStateVerdict, atMs: number): number | null {
    if (this.done || atMs < this.injectedAtMs) return null;
    if (verdict.failing.length > 0) {
      this.impactAt ??= atMs;
      this.passingSince = null;
      return null;
    }
    if (!verdict.steady || this.impactAt === null) return null;
    this.passingSince ??= atMs;
    if (atMs - this.passingSince >= this.stableMs) {
      this.done = true;
      return this.passingSince;
    }
    return null;
  }
}
