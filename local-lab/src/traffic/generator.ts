/**
 * Steady synthetic user load through the public load balancer, so every signal has data:
 * a fixed rate, a weighted path mix, a bounded number of requests in flight, and a pool of
 * synthetic client addresses (X-Forwarded-For) so the web ACL's per-client rate rule sees
 * many users rather than one.
 */
import http from "node:http";

export interface TrafficOptions {
  url: string;
  rps: number;
  mix: Record<string, number>;
  maxInFlight: number;
  timeoutMs: number;
}

/** A repeating sequence that honours the weights exactly over each cycle (no randomness to flake on). */
export function weightedSequence(mix: Record<string, number>): string[] {
  const entries = Object.entries(mix).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total === 0) return [];
  const scale = total > 100 ? 100 / total : 1;
  const counts = entries.map(([path, weight]) => ({ path, left: Math.max(1, Math.round(weight * scale)) }));
  const sequence: string[] = [];
  // Interleave so a short window still sees every path.
  while (counts.some((entry) => entry.left > 0)) {
    for (const entry of counts) {
      if (entry.left <= 0) continue;
      sequence.push(entry.path);
      entry.left -= 1;
    }
  }
  return sequence;
}

export class TrafficGenerator {
  private readonly options: TrafficOptions;
  private readonly sequence: string[];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private inFlight = 0;
  sent = 0;
  skipped = 0;

  constructor(options: TrafficOptions) {
    this.options = options;
    this.sequence = weightedSequence(options.mix);
  }

  start(): void {
    if (this.options.rps <= 0 || this.sequence.length === 0) return;
    this.timer = setInterval(() => this.fire(), Math.max(5, Math.round(1000 / this.options.rps)));
  }

  private fire(): void {
    if (this.inFlight >= this.options.maxInFlight) {
      this.skipped += 1;
      return;
    }
    const path = this.sequence[this.cursor % this.sequence.length] ?? "/";
    const client = `198.51.100.${(this.cursor % 40) + 10}`;
    this.cursor += 1;
    this.inFlight += 1;
    this.sent += 1;
    const url = new URL(path, this.options.url);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.inFlight -= 1;
    };
    const request = http.get(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: this.agent, headers: { "x-forwarded-for": client, "user-agent": "gameday-lab-traffic/1.0" } },
      (response) => {
        response.resume();
        response.once("end", finish);
        response.once("error", finish);
      },
    );
    request.setTimeout(this.options.timeoutMs, () => request.destroy());
    request.on("error", finish);
    request.on("close", finish);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.agent.destroy();
  }
}
