/**
 * Structured JSON logs, one object per line on stdout: what CloudWatch Logs (awslogs driver)
 * and the local lab both ingest. Lines written inside a request carry its trace and span ids,
 * so a log line leads to its trace.
 */
import { context, trace } from "@opentelemetry/api";

export type LogLevel = "info" | "warn" | "error";

/** Extra fields of one log line; `undefined` values are left out. */
export type LogFields = Record<string, unknown>;

/** The service's logger; every line carries the task's identity. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Identity stamped on every line. */
export interface LogIdentity {
  taskId: string;
  service: string;
  version: string;
}

/** Where finished lines go; tests capture them, the process writes them to stdout. */
export type LogSink = (line: string) => void;

// Pipes and files are written synchronously on Linux, so a line logged right before
// process.exit() is not lost.
const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return typeof code === "string" ? { message: value.message, code } : { message: value.message };
  }
  return value;
}

export function createLogger(identity: LogIdentity, sink: LogSink = stdoutSink): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    const line: LogFields = { ts: new Date().toISOString(), level, msg, ...identity };
    const spanContext = trace.getSpan(context.active())?.spanContext();
    if (spanContext && trace.isSpanContextValid(spanContext)) {
      line.traceId = spanContext.traceId;
      line.spanId = spanContext.spanId;
    }
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) line[key] = serialise(value);
    }
    sink(JSON.stringify(line));
  };
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}
