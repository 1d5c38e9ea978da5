/**
 * The availability probe (seed 003): through every run, it checks the public endpoint, the
 * database path and the backend path through the load balancer, and publishes each check's
 * availability (100 or 0 per attempt, so the period Average reads as a percentage) and
 * latency under GameDay/Probe.
 */
import http from "node:http";
import { probeKey } from "../metrics/names";
import type { MetricStore } from "../metrics/store";

export const PROBE_PATHS = { public: "/", db: "/db", backend: "/api/backend" } as const;
export type ProbeCheckName = keyof typeof PROBE_PATHS;

export interface ProbeOptions {
  url: string;
  intervalMs: number;
  timeoutMs: number;
  store: MetricStore;
}

export function probeOnce(url: string, path: string, timeoutMs: number): Promise<{ ok: boolean; status: number | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean, status: number | null) => {
      if (settled) return;
      settled = true;
      resolve({ ok, status, ms: performance.now() - started });
    };
    const target = new URL(path, url);
    const request = http.get(
      { host: target.hostname, port: target.port, path: target.pathname, agent: false, headers: { "x-forwarded-for": "203.0.113.10", "user-agent": "gameday-lab-probe/1.0" } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("end", () => {
          const status = response.statusCode ?? 0;
          let ok = status >= 200 && status < 300;
          if (ok && path === PROBE_PATHS.db) {
            // /db answers 200 only with ok:true, but a probe trusts the body, not just the code.
            try {
              ok = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { ok?: unknown }).ok === true;
            } catch {
              ok = false;
            }
          }
          done(ok, status);
        });
        response.once("error", () => done(false, response.statusCode ?? null));
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      done(false, null);
    });
    request.on("error", () => done(false, null));
  });
}

export class AvailabilityProbe {
  private readonly options: ProbeOptions;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(options: ProbeOptions) {
    this.options = options;
  }

  start(): void {
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
  }

  private async round(): Promise<void> {
    // One round at a time: a hung check must not pile up rounds.
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all(
        (Object.keys(PROBE_PATHS) as ProbeCheckName[]).map(async (check) => {
          const startedAt = Date.now();
          const result = await probeOnce(this.options.url, PROBE_PATHS[check], this.options.timeoutMs);
          this.options.store.record(probeKey("Availability", check), result.ok ? 100 : 0, startedAt);
          this.options.store.record(probeKey("Latency", check), result.ms, startedAt);
        }),
      );
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
