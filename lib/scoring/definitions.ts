/**
 * Every measure named exactly, in one sentence each; the scoring panel, the trainee view and
 * the report show these words next to the numbers (never a bare "MTTR").
 */
export const MEASURE_DEFINITIONS = {
  faultStart: "Fault start: the instant the lab injected the fault (FIS action start, or the local lab's injection).",
  impactOnset:
    "Impact onset: the first instant after fault start at which one of the scenario's recovery checks failed, steady state was reported lost or an alarm fired; a fault that caused none of these while it was live had no visible impact.",
  faultEnd: "Fault end: the instant the fault was reverted, because its lease ran out or because a facilitator stopped it.",
  recovery: "Recovery: the instant every one of the scenario's recovery checks held again after the fault.",
  timeToDetect:
    "Time to detect: from impact onset to the team's first 'Detected' or 'Acknowledged' entry, correct hypothesis or root cause naming the right component; entries before impact onset are guesses and are not rewarded.",
  timeToDetectFromFaultStart: "Time to detect from fault start: the same detection instant, counted from fault start instead of impact onset.",
  timeToDiagnose: "Time to diagnose: from impact onset to the first root-cause entry as right as the team's final answer (component and failure mode against the scenario's ground truth).",
  timeToMitigate:
    "Time to mitigate: from impact onset to recovery, credited only when recovery came while the fault was still live and after one of the team's own remediations that the scenario counts as a fix; otherwise the recovery is 'fault expired' or 'recovered on its own'.",
  timeToFirstStatusUpdate: "Time to first status update: from the team's detection (impact onset if it never detected) to its first status update.",
  falseClaim: "False claim: a 'Mitigated' or 'Resolved' entry that the metrics did not confirm (no recovery within 30 s of it).",
} as const;

export type MeasureName = keyof typeof MEASURE_DEFINITIONS;
