/**
 * Process entry: validate the environment, honour START_MODE, start the service and stop it
 * gracefully on SIGTERM/SIGINT (ECS sends SIGTERM, then SIGKILL after its stop timeout; the
 * local lab does the same).
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import { ConfigError, loadConfig, withEcsIdentity, type ServiceConfig } from "./config";
import { readEcsTaskIdentity } from "./ecs-metadata";
import { createLogger, type Logger } from "./log";
import { startService, type RunningService } from "./service";

// How long a START_MODE=crash release appears to boot before it dies.
const CRASH_AFTER_MS = 1000;

function readConfig(): ServiceConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Both streams: stdout for log pipelines, stderr for whoever ran the process by hand.
    process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: "invalid configuration", problems: error.problems })}\n`);
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function crashOnPurpose(config: ServiceConfig): void {
  const log = createLogger({ taskId: config.taskId, service: config.serviceName, version: config.version });
  log.info("start", { role: config.role, startMode: config.startMode, pid: process.pid });
  log.error("crash", { reason: "START_MODE=crash: this release cannot boot (simulated fatal start-up error)", exitInMs: CRASH_AFTER_MS });
  setTimeout(() => {
    log.error("exit", { code: 1, reason: "START_MODE=crash" });
    process.exit(1);
  }, CRASH_AFTER_MS);
}

/**
 * Installed before the server listens: the lab may signal a task the moment it logs
 * "ready", and a signal without a handler would kill it with no drain and no exit log.
 */
function handleSignals(config: ServiceConfig, log: Logger, getService: () => RunningService | undefined): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const service = getService();
    if (!service) {
      log.info("exit", { code: 0, signal, reason: "signal before the server was listening" });
      process.exit(0);
    }
    if (stopping) {
      log.warn("signal ignored: already draining", { signal, inFlight: service.inFlight() });
      return;
    }
    stopping = true;
    // Past the grace period ECS would SIGKILL us anyway; exiting 1 first says the drain failed.
    const force = setTimeout(() => {
      log.error("exit", { code: 1, reason: `shutdown took longer than SHUTDOWN_GRACE_MS=${config.shutdownGraceMs}`, inFlight: service.inFlight() });
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    service.shutdown(signal).then(
      () => {
        log.info("exit", { code: 0, signal });
        process.exit(0);
      },
      (error: unknown) => {
        log.error("exit", { code: 1, signal, error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** On ECS, adopt the task's real id and task definition unless the environment set them. */
async function adoptEcsIdentity(config: ServiceConfig): Promise<ServiceConfig> {
  if (!config.ecsMetadataUri || (config.explicit.taskId && config.explicit.version)) return config;
  try {
    return withEcsIdentity(config, await readEcsTaskIdentity(config.ecsMetadataUri));
  } catch (error) {
    createLogger({ taskId: config.taskId, service: config.serviceName, version: config.version }).warn("ECS task metadata unavailable; keeping a random task id", { error });
    return config;
  }
}

async function main(): Promise<void> {
  const config = await adoptEcsIdentity(readConfig());
  if (config.startMode === "crash") {
    crashOnPurpose(config);
    return;
  }
  const log = createLogger({ taskId: config.taskId, service: config.serviceName, version: config.version });
  // A bug must end the task visibly (ECS restarts it) rather than leave it half-alive.
  process.on("uncaughtException", (error) => {
    log.error("exit", { code: 1, reason: "uncaught exception", error, stack: error.stack });
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    log.error("exit", { code: 1, reason: "unhandled rejection", error: reason });
    process.exit(1);
  });

  let ssmClient: SSMClient | undefined;
  if (config.faultFlagParameter) {
    const { SSMClient } = await import("@aws-sdk/client-ssm");
    ssmClient = new SSMClient({
      region: config.awsRegion,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2000, requestTimeout: 3000 },
    });
  }
  let service: RunningService | undefined;
  handleSignals(config, log, () => service);
  try {
    await startService(config, {
      ssmClient,
      onListening: (running) => {
        service = running;
      },
    });
  } catch (error) {
    log.error("exit", { code: 1, reason: "could not start", error });
    process.exit(1);
  }
}

void main();
