/** Types for the probe Lambda in index.mjs (plain JS so Lambda runs it as is). */
export const NAMESPACE: "GameDay/Probe";
export const CHECKS: { public: string; db: string; backend: string };
export type ProbeCheck = keyof typeof CHECKS;

export interface ProbeResult {
  availability: Record<ProbeCheck, number>;
  failures: { check: ProbeCheck; status: number; error?: string }[];
}

export function runProbe(options: {
  baseUrl: string;
  rounds: number;
  intervalMs: number;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<ProbeResult>;

export function metricData(
  availability: Record<string, number>,
  timestamp: Date,
): {
  Namespace: string;
  MetricData: { MetricName: string; Dimensions: { Name: string; Value: string }[]; Unit: "Percent"; Value: number; Timestamp: Date; StorageResolution: number }[];
};

export function handler(): Promise<Record<ProbeCheck, number>>;
