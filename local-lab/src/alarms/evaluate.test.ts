import { describe, expect, it } from "vitest";
import { MetricStore } from "../metrics/store";
import { EventLog } from "../events";
import { AlarmEngine, completePeriods, type AlarmDefinition } from "./engine";
import { evaluateThreshold } from "./evaluate";

const rule = { threshold: 5, comparison: "GreaterThanThreshold" as const, evaluationPeriods: 2, treatMissingData: "notBreaching" as const };

describe("alarm evaluation", () => {
  it("alarms only when every one of the last N periods breaches", () => {
    expect(evaluateThreshold(rule, [6, 7]).state).toBe("ALARM");
    expect(evaluateThreshold(rule, [6, 5]).state).toBe("OK");
    expect(evaluateThreshold(rule, [1, 9, 9]).state).toBe("ALARM");
  });

  it("words the reason like CloudWatch", () => {
    expect(evaluateThreshold(rule, [6, 12]).reason).toBe(
      "Threshold Crossed: 2 out of the last 2 datapoints [6.0, 12.0] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).",
    );
  });

  it("treats missing data as the alarm says", () => {
    expect(evaluateThreshold(rule, [6, undefined]).state).toBe("OK");
    expect(evaluateThreshold({ ...rule, treatMissingData: "breaching" }, [6, undefined]).state).toBe("ALARM");
    expect(evaluateThreshold({ ...rule, treatMissingData: "missing" }, [undefined, undefined]).state).toBe("INSUFFICIENT_DATA");
    expect(evaluateThreshold({ ...rule, treatMissingData: "missing" }, [undefined, 9]).state).toBe("ALARM");
  });

  it("needs a full window before alarming when missing data is not breaching", () => {
    expect(evaluateThreshold(rule, [9]).state).toBe("OK");
  });

  it("compares in every direction", () => {
    const below = { ...rule, comparison: "LessThanThreshold" as const, threshold: 99, evaluationPeriods: 1 };
    expect(evaluateThreshold(below, [98]).state).toBe("ALARM");
    expect(evaluateThreshold(below, [99]).state).toBe("OK");
    expect(evaluateThreshold({ ...below, comparison: "LessThanOrEqualToThreshold" }, [99]).state).toBe("ALARM");
    expect(evaluateThreshold({ ...rule, comparison: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 }, [5]).state).toBe("ALARM");
  });
});

describe("alarm engine", () => {
  it("evaluates complete periods only and emits ALARM then OK transitions as events", () => {
    const start = 1_700_000_000_000; // aligned to 10 s
    const store = new MetricStore(3600);
    const events = new EventLog("test");
    const key = { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: { LoadBalancer: "app/x/1" } };
    const definition: AlarmDefinition = { name: "five-xx", description: "d", key, stat: "Sum", threshold: 5, comparison: "GreaterThanThreshold", evaluationPeriods: 2, periodSeconds: 10, treatMissingData: "notBreaching" };
    const engine = new AlarmEngine([definition], store, events, new Date(start));
    for (let second = 0; second < 20; second += 1) store.record(key, 1, start + second * 1000);
    engine.evaluate(start + 15_000);
    expect(engine.list()[0]?.state).toBe("OK");
    engine.evaluate(start + 20_500);
    expect(engine.list()[0]?.state).toBe("ALARM");
    for (let second = 20; second < 40; second += 1) store.touch(key, start + second * 1000);
    engine.evaluate(start + 30_500);
    expect(engine.list()[0]?.state).toBe("OK");
    const transitions = events.since(new Date(0)).map((event) => `${String(event.data.from)}->${String(event.data.to)}`);
    expect(transitions).toEqual(["INSUFFICIENT_DATA->OK", "OK->ALARM", "ALARM->OK"]);
  });

  it("aligns periods like CloudWatch", () => {
    expect(completePeriods(1_700_000_015_000, 10, 2)).toEqual([
      { startMs: 1_699_999_990_000, endMs: 1_699_999_999_999 },
      { startMs: 1_700_000_000_000, endMs: 1_700_000_009_999 },
    ]);
  });
});
