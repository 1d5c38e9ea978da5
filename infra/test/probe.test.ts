/**
 * The availability probe against a real HTTP server on 127.0.0.1: it counts what actually
 * answers, times out what hangs, and publishes the metric the console and alarms read.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS, handler, metricData, runProbe } from "../assets/probe/index.mjs";

let server: http.Server;
let baseUrl = "";
let dbCalls = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (request.url === "/") return void response.writeHead(200, { "content-type": "application/json" }).end('{"app":"gameday-target"}');
    if (request.url === "/db") {
      dbCalls += 1;
      // Every other /db call fails, like a database mid-failover.
      return void response.writeHead(dbCalls % 2 === 0 ? 503 : 200).end();
    }
    // /api/backend hangs: the probe must give up at its timeout, not wait forever.
    if (request.url === "/api/backend") return;
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("availability probe", () => {
  it("checks /, /db and /api/backend (seed 003, the target's endpoints)", () => {
    expect(CHECKS).toEqual({ public: "/", db: "/db", backend: "/api/backend" });
  });

  it("reports the share of successful checks per path, with timeouts counted as failures", async () => {
    dbCalls = 0;
    const started = Date.now();
    const { availability, failures } = await runProbe({ baseUrl, rounds: 4, intervalMs: 0, timeoutMs: 150 });
    expect(availability).toEqual({ public: 100, db: 50, backend: 0 });
    expect(failures.filter((failure) => failure.check === "db").map((failure) => failure.status)).toEqual([503, 503]);
    expect(failures.filter((failure) => failure.check === "backend")).toHaveLength(4);
    // Four rounds of a 150 ms timeout, checks in parallel: well under the Lambda's budget.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("publishes GameDay/Probe Availability per Check in percent", async () => {
    const cloudwatch = mockClient(CloudWatchClient);
    cloudwatch.on(PutMetricDataCommand).resolves({});
    process.env.TARGET_URL = baseUrl;
    process.env.PROBE_ROUNDS = "1";
    process.env.PROBE_TIMEOUT_MS = "150";
    try {
      const result = await handler();
      expect(result.public).toBe(100);
      const [call] = cloudwatch.commandCalls(PutMetricDataCommand);
      expect(call?.args[0].input).toMatchObject({
        Namespace: "GameDay/Probe",
        MetricData: [
          { MetricName: "Availability", Dimensions: [{ Name: "Check", Value: "public" }], Unit: "Percent", Value: 100 },
          { MetricName: "Availability", Dimensions: [{ Name: "Check", Value: "db" }], Unit: "Percent" },
          { MetricName: "Availability", Dimensions: [{ Name: "Check", Value: "backend" }], Unit: "Percent", Value: 0 },
        ],
      });
    } finally {
      delete process.env.TARGET_URL;
      delete process.env.PROBE_ROUNDS;
      delete process.env.PROBE_TIMEOUT_MS;
      cloudwatch.restore();
    }
    expect(metricData({ public: 75 }, new Date(0)).MetricData[0]).toMatchObject({ Value: 75, StorageResolution: 60, Timestamp: new Date(0) });
  });
});
