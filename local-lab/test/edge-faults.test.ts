/**
 * Edge faults (web ACL, dependency blackhole), alarms that follow them, traces, and the
 * safety lever: halt-all reverts every active fault in under a second.
 */
import { describe, expect, it } from "vitest";
import { get, median, sleep, waitFor, type LabUnderTest, useSharedLab } from "./harness";

let lab: LabUnderTest;
let lb = "";
useSharedLab({}, (started, steady) => {
  lab = started;
  lb = steady.loadBalancer.dimension;
});

const sum = (points: { v: number }[]) => points.reduce((total, point) => total + point.v, 0);

describe("waf-misblock", () => {
  it("answers 403 on the blocked prefix, counts ELB 4XX and WAF BlockedRequests, raises the WAF alarm, and clears on revert", async () => {
    const since = new Date();
    const handle = await lab.start("waf-misblock", { pathPrefix: "/api" }, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const blocked = await get(`${lab.publicUrl}/api/backend`);
    expect(blocked.status).toBe(403);
    expect(blocked.body).toContain("403 Forbidden");
    expect((await get(`${lab.publicUrl}/db`)).status).toBe(200);

    const alarm = await waitFor("the WAF alarm", () => lab.alarms(), (alarms) => alarms.find((entry) => entry.name === "gameday-lab-waf-blocked")?.state === "ALARM", 15_000, 250);
    expect(alarm.find((entry) => entry.name === "gameday-lab-waf-blocked")?.reason).toMatch(/^Threshold Crossed/);
    // Traffic keeps arriving while the two metrics are read: both read the same closed window,
    // whole seconds that ended before the first read (the lab's bounds are inclusive), so a request
    // blocked between the reads counts in neither.
    const until = new Date(Math.floor(Date.now() / 1000) * 1000 - 1);
    const elb4xx = await lab.metric({ namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_4XX_Count", dimensions: { LoadBalancer: lb }, stat: "Sum", periodSeconds: 1 }, since, until);
    const wafBlocked = await lab.metric({ namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: { WebACL: "gameday-lab-web-acl", Rule: "ALL", Region: "local" }, stat: "Sum", periodSeconds: 1 }, since, until);
    expect(sum(elb4xx)).toBeGreaterThan(0);
    expect(sum(wafBlocked)).toBe(sum(elb4xx));

    await lab.stopRun(handle.externalId);
    expect((await get(`${lab.publicUrl}/api/backend`)).status).toBe(200);
    await waitFor("the WAF alarm back to OK", () => lab.alarms(), (alarms) => alarms.find((entry) => entry.name === "gameday-lab-waf-blocked")?.state === "OK", 15_000, 250);
    const transitions = (await lab.events(since)).filter((event) => event.kind === "alarm" && event.message.includes("gameday-lab-waf-blocked"));
    // The alarm may still have been waiting for its first datapoints (INSUFFICIENT_DATA) when the fault began.
    expect(transitions.map((event) => String(event.data.to))).toEqual(["ALARM", "OK"]);
    await sleep(1500);
    const after = await lab.metric({ namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: { WebACL: "gameday-lab-web-acl", Rule: "ALL", Region: "local" }, stat: "Sum", periodSeconds: 1 }, new Date(Date.now() - 1500), new Date());
    expect(sum(after)).toBe(0);
  });
});

describe("dependency-down", () => {
  it("blackholes backend for api: /api/backend answers 502 while backend stays healthy, and recovers on revert", async () => {
    const handle = await lab.start("dependency-down", {}, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const broken = await get(`${lab.publicUrl}/api/backend`, 8000);
    expect(broken.status).toBe(502);
    // api waits out its 2 s backend timeout: the packets vanish, nothing refuses them.
    expect(broken.ms).toBeGreaterThan(1800);
    expect((await get(`${lab.publicUrl}/db`)).status).toBe(200);
    const topology = await lab.topology();
    expect(topology.targets.filter((target) => target.service === "backend").every((target) => target.state === "healthy")).toBe(true);

    // api exports the failed call's spans once it gave up on backend: poll the traces until they arrive.
    const traces = await waitFor(
      "the failed api → backend calls in the traces",
      () => lab.traces(new Date(Date.now() - 10_000), new Date()),
      (value) => (value.graph.edges.find((entry) => entry.source === "api" && entry.target === "backend")?.errors ?? 0) > 0,
      10_000,
      250,
    );
    expect(traces.samples.some((sample) => sample.path === "/api/backend" && sample.status === 502 && sample.hasFault)).toBe(true);

    await lab.stopRun(handle.externalId);
    const healed = await get(`${lab.publicUrl}/api/backend`);
    expect(healed.status).toBe(200);
    expect(healed.ms).toBeLessThan(1000);
  });
});

describe("traces", () => {
  it("folds spans from the load balancer and the tasks into client → LB → api → backend → database", async () => {
    await sleep(1500);
    // Tasks export spans in batches within half a second: the newest traces may not be whole yet.
    const to = new Date(Date.now() - 1000);
    const traces = await lab.traces(new Date(to.getTime() - 5000), to);
    const edges = traces.graph.edges.map((edge) => `${edge.source}→${edge.target}`);
    expect(edges).toEqual(expect.arrayContaining(["client→gameday-lab-alb", "gameday-lab-alb→api", "api→backend", "backend→gameday-lab-db", "api→gameday-lab-db"]));
    const sample = traces.samples.find((entry) => entry.path === "/api/backend" && entry.status === 200);
    expect(sample?.services).toEqual(["gameday-lab-alb", "api", "backend"]);
  });
});

describe("halt-all", () => {
  it("reverts every active fault in under a second", async () => {
    await lab.waitSteady();
    const baseline = median(await Promise.all([1, 2, 3, 4, 5].map(async () => (await get(`${lab.publicUrl}/`)).ms)));
    const handles = await Promise.all([
      lab.start("network-latency", { service: "api", delayMs: 400, jitterMs: 0, taskPercent: 100 }, 120),
      lab.start("cpu-stress", { service: "backend", percent: 50, taskPercent: 100 }, 120),
      lab.start("waf-misblock", { pathPrefix: "/db" }, 120),
      lab.start("dependency-down", {}, 120),
      lab.start("aurora-failover", { refuseSeconds: 60 }, 120),
      lab.start("nat-gateway-failure", { service: "backend", replacePercent: 0 }, 120),
    ]);
    await waitFor("every fault active", () => Promise.all(handles.map((handle) => lab.status(handle.externalId))), (statuses) => statuses.every((status) => status.phase === "active"));
    expect((await get(`${lab.publicUrl}/`)).ms).toBeGreaterThan(380);

    const started = performance.now();
    const halted = await lab.haltAll("game day halted by the facilitator");
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(halted.sort()).toEqual(handles.map((handle) => handle.externalId).sort());

    for (const handle of handles) {
      const status = await lab.status(handle.externalId);
      expect(status).toMatchObject({ phase: "ended", outcome: "stopped" });
      expect(status.reason).toContain("halt-all");
      expect(Date.parse(status.revertedAt ?? "")).toBeLessThanOrEqual(Date.now());
    }
    const topology = await lab.topology();
    expect(topology.database?.status).toBe("available");
    expect((await get(`${lab.publicUrl}/db`)).status).toBe(200);
    const backend = await get(`${lab.publicUrl}/api/backend`);
    expect(backend.status).toBe(200);
    expect(median(await Promise.all([1, 2, 3, 4, 5].map(async () => (await get(`${lab.publicUrl}/`)).ms)))).toBeLessThan(baseline + 100);
    expect(JSON.parse((await lab.request<{ detail: string }>("GET", "/health")).detail.match(/(\d+) active fault/)?.[1] ?? "-1")).toBe(0);
  });
});
