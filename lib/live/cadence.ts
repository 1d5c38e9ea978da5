import type { LabKind } from "@/lib/lab/types";

/** How often the elected poller asks the lab for what, and how long it remembers. */
export interface Cadence {
  tickMs: number;
  /** Metric period asked for; also the period the browser is told. */
  periodSeconds: number;
  metricsEveryMs: number;
  fleetEveryMs: number;
  alarmsEveryMs: number;
  eventsEveryMs: number;
  tracesEveryMs: number;
  /** Each metrics poll re-reads this much history: the newest periods still fill (CloudWatch data arrives late). */
  resendSeconds: number;
  /** Metric history a hub keeps and a viewer may ask for. */
  windowSeconds: number;
  /** Steady state must fail this long to count as lost, and hold this long to count as regained. */
  lostAfterMs: number;
  stableMs: number;
  /** Metric snapshots of a run cover this much before injection and after its end, at `periodSeconds`. */
  snapshotMarginMs: number;
}

const LOCAL: Cadence = {
  tickMs: 1000,
  periodSeconds: 1,
  metricsEveryMs: 1000,
  fleetEveryMs: 1000,
  alarmsEveryMs: 1000,
  eventsEveryMs: 1000,
  tracesEveryMs: 5000,
  resendSeconds: 3,
  windowSeconds: 15 * 60,
  lostAfterMs: 3000,
  stableMs: 10_000,
  snapshotMarginMs: 60_000,
};

const AWS: Cadence = {
  tickMs: 15_000,
  periodSeconds: 60,
  metricsEveryMs: 60_000,
  fleetEveryMs: 15_000,
  alarmsEveryMs: 30_000,
  eventsEveryMs: 15_000,
  tracesEveryMs: 60_000,
  resendSeconds: 10 * 60,
  windowSeconds: 3 * 60 * 60,
  lostAfterMs: 60_000,
  stableMs: 120_000,
  snapshotMarginMs: 5 * 60_000,
};

export function cadenceFor(kind: LabKind, overrides: Partial<Cadence> = {}): Cadence {
  return { ...(kind === "local" ? LOCAL : AWS), ...overrides };
}
