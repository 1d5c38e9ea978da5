/**
 * AWS fault flags: on ECS there is no lab to call `/_fault`, so the console writes an SSM
 * parameter and every task polls it. A share of the fleet (picked by a stable hash of the
 * task id) then fails its health check until the flag's own expiry.
 */
import { createHash } from "node:crypto";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { z } from "zod";
import type { Logger } from "./log";

export const SsmFaultFlagSchema = z.object({
  healthFailPercent: z.number().min(0).max(100),
  expiresAt: z.iso.datetime({ offset: true }),
  /** Only tasks of this SERVICE_NAME take part; absent: every service polling the parameter. */
  service: z.string().min(1).optional(),
  /** The console's run, echoed in the task's logs to tie them to the run. */
  runId: z.string().optional(),
});

/** The parameter's JSON value as written by the console. */
export type SsmFaultFlag = z.infer<typeof SsmFaultFlagSchema>;

export const SSM_POLL_INTERVAL_MS = 10_000;

/**
 * This task's bucket in 0..99: the first four bytes of SHA-256(taskId), big-endian, modulo 100.
 * Stable across polls and restarts of the same task, and computable by the console, so
 * `healthFailPercent: 50` fails the same half of the fleet on every poll.
 */
export function healthFailBucket(taskId: string): number {
  return createHash("sha256").update(taskId).digest().readUInt32BE(0) % 100;
}

/** Options of the poller; the interval is fixed at 10 s in production. */
export interface SsmFaultFlagsOptions {
  client: SSMClient;
  parameterName: string;
  taskId: string;
  serviceName: string;
  log: Logger;
  intervalMs?: number;
}

export class SsmFaultFlags {
  private flag: SsmFaultFlag | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private lastProblem: string | undefined;
  private readonly bucket: number;

  constructor(private readonly options: SsmFaultFlagsOptions) {
    this.bucket = healthFailBucket(options.taskId);
  }

  /** Polls now, then every interval until stop(). */
  start(): void {
    const tick = () => {
      void this.poll().finally(() => {
        if (this.timer === undefined) return;
        this.timer = setTimeout(tick, this.options.intervalMs ?? SSM_POLL_INTERVAL_MS);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One GetParameter; overlapping calls share the poll in flight. */
  poll(): Promise<void> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Why this task must fail its health check now, or undefined. */
  healthFailure(now = Date.now()): string | undefined {
    const flag = this.flag;
    if (!flag || now >= Date.parse(flag.expiresAt)) return undefined;
    if (flag.service !== undefined && flag.service !== this.options.serviceName) return undefined;
    if (this.bucket >= flag.healthFailPercent) return undefined;
    return `fault flag ${this.options.parameterName}: healthFailPercent=${flag.healthFailPercent} covers bucket ${this.bucket} until ${flag.expiresAt}`;
  }

  private async fetch(): Promise<void> {
    let value: string | undefined;
    try {
      // Loaded on first poll: the SDK is large and only ECS tasks with the flag need it,
      // so the lab's tasks start without paying for it.
      const { GetParameterCommand } = await import("@aws-sdk/client-ssm");
      const output = await this.options.client.send(new GetParameterCommand({ Name: this.options.parameterName }));
      value = output.Parameter?.Value;
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      if (name === "ParameterNotFound") {
        this.update(undefined, `parameter ${this.options.parameterName} not found: no fault`);
      } else {
        // Keep the last flag: it carries its own expiry, and a flaky API must not end a fault early.
        this.problem(`reading ${this.options.parameterName} failed (${name}): ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    if (value === undefined) {
      this.update(undefined, `parameter ${this.options.parameterName} has no value: no fault`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      this.update(undefined, `parameter ${this.options.parameterName} is not JSON: no fault`);
      return;
    }
    // The parameter's resting value (what infra creates it with): no fault, nothing to report.
    if (json !== null && typeof json === "object" && !Array.isArray(json) && Object.keys(json).length === 0) {
      this.update(undefined, undefined);
      return;
    }
    const parsed = SsmFaultFlagSchema.safeParse(json);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      this.update(undefined, `parameter ${this.options.parameterName} is not a fault flag (${details}): no fault`);
      return;
    }
    this.update(parsed.data, undefined);
  }

  private update(flag: SsmFaultFlag | undefined, problem: string | undefined): void {
    const before = JSON.stringify(this.flag ?? null);
    this.flag = flag;
    if (problem) this.problem(problem);
    else this.lastProblem = undefined;
    if (JSON.stringify(flag ?? null) !== before) {
      this.options.log.info("fault flags changed", {
        source: "ssm",
        parameter: this.options.parameterName,
        flag: flag ?? null,
        bucket: this.bucket,
        failing: this.healthFailure() !== undefined,
      });
    }
  }

  /** A poll problem is logged once, not every 10 s, until it changes or polls succeed again. */
  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.options.log.warn("fault flag poll", { problem: message });
  }
}
