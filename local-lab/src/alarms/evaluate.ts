/**
 * Pure CloudWatch-style threshold evaluation: the last N complete periods, each compared
 * with the threshold; every one breaching (N of N) means ALARM, otherwise OK; missing data
 * handled per the alarm's treatMissingData. The reason text follows CloudWatch's wording.
 */
import type { AlarmStateValue, Comparison } from "../api/schemas";

export type TreatMissingData = "notBreaching" | "breaching" | "missing";

/** What an evaluation needs to know about an alarm. */
export interface ThresholdRule {
  threshold: number;
  comparison: Comparison;
  evaluationPeriods: number;
  treatMissingData: TreatMissingData;
}

export interface Evaluation {
  state: AlarmStateValue;
  reason: string;
}

export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case "GreaterThanThreshold":
      return value > threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}

const WORDING: Record<Comparison, string> = {
  GreaterThanThreshold: "greater than",
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(Number(value.toPrecision(6)));
}

/**
 * @param datapoints the last `evaluationPeriods` complete periods, oldest first; `undefined` where a period has no data.
 */
export function evaluateThreshold(rule: ThresholdRule, datapoints: readonly (number | undefined)[]): Evaluation {
  const window = datapoints.slice(-rule.evaluationPeriods);
  const present = window.filter((value): value is number => value !== undefined);
  const wording = WORDING[rule.comparison];
  const threshold = formatValue(rule.threshold);
  const listed = `[${present.map(formatValue).join(", ")}]`;

  if (rule.treatMissingData === "missing" && present.length === 0) {
    return { state: "INSUFFICIENT_DATA", reason: `Insufficient Data: ${rule.evaluationPeriods} datapoints were unknown.` };
  }
  // "missing" judges only the periods that have data; the other modes give every period a verdict.
  const verdicts =
    rule.treatMissingData === "missing"
      ? present.map((value) => breaches(value, rule.comparison, rule.threshold))
      : window.map((value) => (value === undefined ? rule.treatMissingData === "breaching" : breaches(value, rule.comparison, rule.threshold)));
  const breaching = verdicts.filter(Boolean).length;
  // N of N must breach; a lab younger than the window has fewer periods and stays OK.
  const fullWindow = rule.treatMissingData === "missing" || window.length === rule.evaluationPeriods;
  if (fullWindow && verdicts.length > 0 && breaching === verdicts.length) {
    return {
      state: "ALARM",
      reason: `Threshold Crossed: ${breaching} out of the last ${rule.evaluationPeriods} datapoints ${listed} were ${wording} the threshold (${threshold}) (minimum ${rule.evaluationPeriods} datapoints for OK -> ALARM transition).`,
    };
  }
  return {
    state: "OK",
    reason: `Threshold Crossed: ${verdicts.length - breaching} out of the last ${rule.evaluationPeriods} datapoints ${listed} were not ${wording} the threshold (${threshold}) (minimum 1 datapoint for ALARM -> OK transition).`,
  };
}
