/**
 * CloudWatch over the wire: the real CloudWatch client (AWS JSON 1.0, awsQuery-compatible
 * errors) against documented response bodies on 127.0.0.1.
 */
import { describe, expect, it } from "vitest";
import { AlarmStateSchema, SeriesSchema, type MetricQuery } from "../types";
import { ok, wireError } from "./test/aws-endpoint";
import { labError } from "./test/harness";
import { NOW, useWireLab } from "./test/wire-harness";
import { belowDesiredAlarm, describeAlarms, documentedCompositeAlarm, documentedMetricAlarm, DOCUMENTED_METRIC_DATA, metricResult } from "./test/wire/cloudwatch";

const open = useWireLab();

describe("DescribeAlarms", () => {
  it("sends AWS JSON 1.0 with the deployment's prefix, both alarm types, and reads every page", async () => {
    const { endpoint, lab } = open();
    endpoint.on("monitoring", "DescribeAlarms", [ok(describeAlarms([documentedMetricAlarm()], [], "page-2")), ok(describeAlarms([documentedMetricAlarm("gameday-second")]))]);
    const alarms = AlarmStateSchema.array().parse(await lab.alarms());

    const [first, second] = endpoint.calls("monitoring", "DescribeAlarms");
    expect(first?.headers["x-amz-target"]).toBe("GraniteServiceVersion20100801.DescribeAlarms");
    expect(first?.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(first?.headers["x-amzn-query-mode"]).toBe("true");
    expect(first?.params).toEqual({ AlarmNamePrefix: "gameday-", AlarmTypes: ["MetricAlarm", "CompositeAlarm"], MaxRecords: 100 });
    expect(second?.params).toMatchObject({ NextToken: "page-2" });
    // describe-alarms.rst: CPUUtilization Average > 70 for 2 × 300 s.
    expect(alarms[0]).toEqual({
      name: "gameday-myalarm",
      description: "CPU usage exceeds 70 percent",
      state: "OK",
      reason: "Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].",
      updatedAt: "2014-04-09T18:59:06.442Z",
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: { InstanceId: "i-0c986c72" },
      stat: "Average",
      threshold: 70,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 2,
      periodSeconds: 300,
      kind: "metric",
    });
    expect(alarms.map((alarm) => alarm.name)).toEqual(["gameday-myalarm", "gameday-second"]);
  });

  it("shows a metric-math alarm with the expression it evaluates, not the first metric it reads", async () => {
    const { endpoint, lab } = open();
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([belowDesiredAlarm("api"), belowDesiredAlarm("backend", "OK")])));
    const [api, backend] = AlarmStateSchema.array().parse(await lab.alarms());
    expect(api).toMatchObject({
      name: "gameday-api-running-below-desired",
      state: "ALARM",
      kind: "math",
      metricName: "desired - running",
      namespace: "ECS/ContainerInsights",
      dimensions: { ClusterName: "gameday-cluster", ServiceName: "api" },
      threshold: 0,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 3,
      periodSeconds: 60,
      expression: {
        id: "expr_1",
        expression: "desired - running",
        label: "api tasks below desired",
        metrics: [
          { id: "desired", namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", dimensions: { ClusterName: "gameday-cluster", ServiceName: "api" }, stat: "Average", periodSeconds: 60 },
          { id: "running", namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: { ClusterName: "gameday-cluster", ServiceName: "api" }, stat: "Average", periodSeconds: 60 },
        ],
      },
    });
    expect(api?.metricName).not.toBe("DesiredTaskCount");
    expect(backend).toMatchObject({ name: "gameday-backend-running-below-desired", state: "OK", kind: "math", metricName: "desired - running" });
  });

  it("shows composite alarms with their rule and state", async () => {
    const { endpoint, lab } = open();
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([documentedMetricAlarm()], [documentedCompositeAlarm("ALARM")])));
    const alarms = AlarmStateSchema.array().parse(await lab.alarms());
    expect(alarms.map((alarm) => alarm.name)).toEqual(["gameday-myalarm", "gameday-prod"]);
    expect(alarms[1]).toMatchObject({
      name: "gameday-prod",
      kind: "composite",
      state: "ALARM",
      rule: "ALARM(CPUUtilizationTooHigh) AND ALARM(MemUsageTooHigh)",
      metricName: "ALARM(CPUUtilizationTooHigh) AND ALARM(MemUsageTooHigh)",
      reason: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:CPUUtilizationTooHigh transitioned to ALARM at Tuesday 24 November, 2026 17:59:00 UTC",
      updatedAt: "2026-11-24T17:59:30.000Z",
      description: null,
    });
  });

  it("leaves out anomaly-band alarms, which have no threshold to show", async () => {
    const { endpoint, lab } = open();
    const band = { ...documentedMetricAlarm("gameday-band"), ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold", ThresholdMetricId: "ad1", Threshold: undefined };
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([band, documentedMetricAlarm()])));
    expect((await lab.alarms()).map((alarm) => alarm.name)).toEqual(["gameday-myalarm"]);
  });
});

const QUERY: MetricQuery = { id: "charges", namespace: "AWS/Billing", metricName: "EstimatedCharges", dimensions: { Currency: "USD" }, stat: "Maximum", periodSeconds: 21600 };

describe("GetMetricData", () => {
  it("replays the documented answer: one series, oldest first, in the port's shape", async () => {
    const { endpoint, lab } = open();
    const body = { ...DOCUMENTED_METRIC_DATA, MetricDataResults: DOCUMENTED_METRIC_DATA.MetricDataResults.map((result) => ({ ...result, Id: "charges" })) };
    endpoint.on("monitoring", "GetMetricData", ok(body));
    const from = new Date("2024-09-26T12:00:00Z");
    const to = new Date("2024-09-26T18:00:00Z");
    const [series] = SeriesSchema.array().parse(await lab.metrics([QUERY], from, to));
    expect(series).toEqual({ id: "charges", label: "EstimatedCharges", points: [{ t: Date.parse("2024-09-26T12:00:00Z"), v: 542.38 }], status: "complete" });
    const [request] = endpoint.calls("monitoring", "GetMetricData");
    expect(request?.headers["x-amz-target"]).toBe("GraniteServiceVersion20100801.GetMetricData");
    // Instants travel as epoch seconds in AWS JSON.
    expect(request?.params).toEqual({
      MetricDataQueries: [{ Id: "charges", ReturnData: true, MetricStat: { Metric: { Namespace: "AWS/Billing", MetricName: "EstimatedCharges", Dimensions: [{ Name: "Currency", Value: "USD" }] }, Period: 21600, Stat: "Maximum" } }],
      StartTime: from.getTime() / 1000,
      EndTime: to.getTime() / 1000,
      ScanBy: "TimestampAscending",
    });
  });

  it("sends a 20-second period as 20: the API accepts 1, 5, 10, 20, 30, 60 and multiples of 60", async () => {
    const { endpoint, lab } = open();
    endpoint.on("monitoring", "GetMetricData", ok({ MetricDataResults: [], Messages: [] }));
    const periods = [1, 5, 10, 20, 30, 45, 60, 90];
    await lab.metrics(periods.map((periodSeconds, index) => ({ ...QUERY, id: `p${index}`, periodSeconds })), new Date(NOW.getTime() - 600_000), NOW);
    const sent = endpoint.calls("monitoring", "GetMetricData")[0]?.params.MetricDataQueries as { MetricStat: { Period: number } }[];
    expect(sent.map((query) => query.MetricStat.Period)).toEqual([1, 5, 10, 20, 30, 60, 60, 120]);
  });

  it("follows PartialData with NextToken and joins the pages of a series", async () => {
    const { endpoint, lab } = open();
    const t0 = Date.parse("2026-11-24T17:50:00Z");
    endpoint.on("monitoring", "GetMetricData", [
      ok({ MetricDataResults: [metricResult("charges", "EstimatedCharges", [[t0, 1], [t0 + 60_000, 2]], "PartialData")], NextToken: "token-2", Messages: [] }),
      ok({ MetricDataResults: [metricResult("charges", "EstimatedCharges", [[t0 + 120_000, 3]], "Complete")], Messages: [] }),
    ]);
    const [series] = await lab.metrics([{ ...QUERY, periodSeconds: 60 }], new Date(t0), NOW);
    expect(endpoint.calls("monitoring", "GetMetricData").map((call) => call.params.NextToken)).toEqual([undefined, "token-2"]);
    expect(series?.points.map((point) => point.v)).toEqual([1, 2, 3]);
    expect(series?.status).toBe("complete");
  });

  it("retries a series CloudWatch answered with InternalError, as the API reference says, and keeps the retried data", async () => {
    const { endpoint, lab } = open();
    const t0 = Date.parse("2026-11-24T17:58:00Z");
    endpoint.on("monitoring", "GetMetricData", [
      ok({
        MetricDataResults: [
          metricResult("charges", "EstimatedCharges", [], "InternalError", [{ Code: "InternalError", Value: "An internal error occurred. Retry your request." }]),
          metricResult("other", "Other", [[t0, 7]]),
        ],
        Messages: [],
      }),
      ok({ MetricDataResults: [metricResult("charges", "EstimatedCharges", [[t0, 5]])], Messages: [] }),
    ]);
    const series = await lab.metrics([{ ...QUERY, periodSeconds: 60 }, { ...QUERY, id: "other", periodSeconds: 60 }], new Date(t0), NOW);
    const calls = endpoint.calls("monitoring", "GetMetricData");
    expect(calls).toHaveLength(2);
    // Only the failed query is asked again.
    expect((calls[1]?.params.MetricDataQueries as { Id: string }[]).map((query) => query.Id)).toEqual(["charges"]);
    expect(series).toEqual([
      { id: "charges", label: "EstimatedCharges", points: [{ t: t0, v: 5 }], status: "complete" },
      { id: "other", label: "Other", points: [{ t: t0, v: 7 }], status: "complete" },
    ]);
  });

  it("shows a series as failed (not as no data) when the retry fails too or access is forbidden, with CloudWatch's messages", async () => {
    const { endpoint, lab } = open();
    const t0 = Date.parse("2026-11-24T17:58:00Z");
    endpoint.on(
      "monitoring",
      "GetMetricData",
      ok({
        MetricDataResults: [
          metricResult("charges", "EstimatedCharges", [], "InternalError", [{ Code: "InternalError", Value: "An internal error occurred." }]),
          metricResult("billing", "Billing", [], "Forbidden", [{ Code: "Forbidden", Value: "User is not authorized to access namespace AWS/Billing." }]),
          metricResult("fine", "Fine", [[t0, 1]]),
        ],
        Messages: [{ Code: "MaxQueryTimeRangeExceed", Value: "The query time range exceeds the limit for this period." }],
      }),
    );
    const series = SeriesSchema.array().parse(
      await lab.metrics([{ ...QUERY, periodSeconds: 60 }, { ...QUERY, id: "billing", periodSeconds: 60 }, { ...QUERY, id: "fine", periodSeconds: 60 }], new Date(t0), NOW),
    );
    const retried = endpoint.calls("monitoring", "GetMetricData")[1]?.params.MetricDataQueries as { Id: string }[] | undefined;
    // Forbidden is not retried: a permission does not appear on a second try.
    expect(retried?.map((query) => query.Id)).toEqual(["charges"]);
    const top = "MaxQueryTimeRangeExceed: The query time range exceeds the limit for this period.";
    expect(series).toEqual([
      { id: "charges", label: "EstimatedCharges", points: [], status: "failed", messages: ["InternalError: An internal error occurred.", top] },
      { id: "billing", label: "Billing", points: [], status: "failed", messages: ["Forbidden: User is not authorized to access namespace AWS/Billing.", top] },
      { id: "fine", label: "Fine", points: [{ t: t0, v: 1 }], status: "complete", messages: [top] },
    ]);
  });
});

describe("CloudWatch errors (AWS JSON 1.0, awsQuery-compatible)", () => {
  // The SDK names a query-compatible error by its awsQuery code (x-amzn-query-error) or its modeled shape.
  const cases: [string, ReturnType<typeof wireError>, string, RegExp, string][] = [
    // CloudWatch API reference, Common Errors: Throttling (400), AccessDenied (403)…
    ["throttling", wireError("monitoring", "com.amazon.coral.availability#ThrottlingException", "Rate exceeded", 400, { queryCode: "Throttling" }), "throttled", /kept throttling cloudwatch:DescribeAlarms/, "Throttling"],
    ["access denied", wireError("monitoring", "com.amazon.coral.service#AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/gameday-console/s is not authorized to perform: cloudwatch:DescribeAlarms", 403, { queryCode: "AccessDenied" }), "access-denied", /not allowed to call cloudwatch:DescribeAlarms/, "AccessDenied"],
    // …and the operation's own: InvalidNextToken, InvalidParameterValue, LimitExceeded, ResourceNotFound.
    ["validation", wireError("monitoring", "com.amazonaws.cloudwatch#InvalidParameterValueException", "The value for parameter MaxRecords must be between 1 and 100.", 400, { queryCode: "InvalidParameterValue" }), "invalid", /MaxRecords must be between 1 and 100/, "InvalidParameterValueException"],
    ["not found", wireError("monitoring", "com.amazonaws.cloudwatch#ResourceNotFound", "The named resource does not exist.", 404, { queryCode: "ResourceNotFound" }), "not-found", /does not exist/, "ResourceNotFound"],
    ["quota", wireError("monitoring", "com.amazonaws.cloudwatch#LimitExceededFault", "The quota for alarms for this customer has already been reached.", 400, { queryCode: "LimitExceeded" }), "quota-exceeded", /quota for alarms/, "LimitExceededFault"],
  ];
  for (const [label, reply, code, message, awsName] of cases) {
    it(`maps ${label} to '${code}'`, async () => {
      const { endpoint, lab } = open();
      endpoint.on("monitoring", "DescribeAlarms", reply);
      const error = await labError(lab.alarms());
      expect(error.details?.awsError).toBe(awsName);
      expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    });
  }
});
