import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const base = { LAB_PORT: "4100", LAB_PUBLIC_PORT: "4180", LAB_TOKEN: "0123456789abcdef", LAB_STATE_DIR: "/tmp/lab" };

describe("daemon configuration", () => {
  it("applies the lab's defaults: 2 api and 2 backend tasks on 4 hosts in 2 zones, half of them Spot", () => {
    const config = parseConfig(base);
    expect(config.fleet).toEqual({ apiTasks: 2, backendTasks: 2, hosts: 4, hostSlots: 3, spotHosts: 2 });
    expect(config.tuning.healthCheck).toMatchObject({ intervalMs: 2000, healthyThreshold: 2, unhealthyThreshold: 2 });
    expect(config.databaseAdminUrl).toBeUndefined();
    expect(config.watchParent).toBe(true);
  });

  it("takes the traffic rate, fleet sizes and partial tuning from the environment", () => {
    const config = parseConfig({ ...base, LAB_TRAFFIC_RPS: "0", LAB_API_TASKS: "3", LAB_TUNING: JSON.stringify({ healthCheck: { intervalMs: 100 } }) });
    expect(config.tuning.traffic.rps).toBe(0);
    expect(config.fleet.apiTasks).toBe(3);
    expect(config.tuning.healthCheck).toMatchObject({ intervalMs: 100, timeoutMs: 1000 });
  });

  it("names each bad variable", () => {
    const error = (() => {
      try {
        parseConfig({ ...base, LAB_TOKEN: "short", LAB_PORT: "70000", LAB_HOST: "0.0.0.0", LAB_DATABASE_URL: "postgres://u:p@db.example.com:5432/x" });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = error instanceof Error ? error.message : "";
    expect(message).toContain("LAB_TOKEN: LAB_TOKEN must be at least 16 characters");
    expect(message).toContain("LAB_PORT: LAB_PORT must be between 1 and 65535");
    expect(message).toContain("LAB_HOST: LAB_HOST must be 127.0.0.1");
    expect(message).toContain("LAB_DATABASE_URL");
  });

  it("runs at the realistic pace unless told otherwise, with AWS's timings as the seeds give them", () => {
    const config = parseConfig(base);
    expect(config.pace).toBe("realistic");
    expect(config.tuning.realistic).toEqual({
      healthCheck: { intervalMs: 30_000, timeoutMs: 5000, healthyThreshold: 2, unhealthyThreshold: 2 },
      deregistrationDelayMs: 30_000,
      provisionMs: 20_000,
      stopTimeoutMs: 30_000,
      restartBackoff: { baseMs: 10_000, maxMs: 120_000 },
      autoscaling: { scaleOutCooldownMs: 60_000, scaleInCooldownMs: 300_000 },
    });
    expect(parseConfig({ ...base, LAB_PACE: "fast" }).pace).toBe("fast");
    expect(() => parseConfig({ ...base, LAB_PACE: "slow" })).toThrow(/LAB_PACE: pace must be one of: realistic, fast/);
  });

  it("refuses tuning that is not JSON or has unknown keys", () => {
    expect(() => parseConfig({ ...base, LAB_TUNING: "{nope" })).toThrow(/LAB_TUNING must be a JSON object/);
    expect(() => parseConfig({ ...base, LAB_TUNING: JSON.stringify({ healthChecks: {} }) })).toThrow(/LAB_TUNING/);
    expect(() => parseConfig({ ...base, LAB_SPOT_HOSTS: "9" })).toThrow(/LAB_SPOT_HOSTS must not exceed LAB_HOSTS/);
  });
});
