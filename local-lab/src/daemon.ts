/**
 * The composition root: starts every part of the lab in order (safety first, then the
 * database, the load balancer, the fleet, the signals, the fault manager, the control API)
 * and stops them in reverse, reverting every fault before anything else goes away.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { buildTargetService } from "../../target-service/build";
import { AlarmEngine, defaultAlarms } from "./alarms/engine";
import type { LabConfig } from "./config";
import { DatabaseControl } from "./db/control";
import { TcpFaultProxy } from "./db/fault-proxy";
import { LAB_DATABASE, roleFor, startDatabase, type LabDatabase } from "./db/postgres";
import { SecretStore } from "./db/secrets";
import { EventLog } from "./events";
import { FlagComposer } from "./faults/flags";
import { FaultManager } from "./faults/manager";
import type { FaultRecord, ScenarioContext } from "./faults/types";
import { Fleet, type ServiceSpec } from "./fleet/fleet";
import { LoadBalancer } from "./lb/load-balancer";
import { TargetGroup } from "./lb/target-group";
import { WebAcl } from "./lb/waf";
import { Collector } from "./metrics/collector";
import type { LabIdentity } from "./metrics/names";
import { MetricStore } from "./metrics/store";
import { LabPaceControl } from "./pace";
import { killLeftovers, ownerOf, startWatchdog, type Watchdog } from "./safety/guard";
import { OWNER_ENV } from "./safety/processes";
import { closeLeftoverFaults, readStateFile, stateFilePath, writeStateFile, type StateFile } from "./safety/state-file";
import { TraceStore } from "./traces/store";
import { AvailabilityProbe } from "./traffic/probe";
import { TrafficGenerator } from "./traffic/generator";
import { freePort } from "./util/net";

/** Everything the control API reads or acts on. */
export interface LabParts {
  config: LabConfig;
  identity: LabIdentity;
  publicUrl: string;
  startedAt: Date;
  events: EventLog;
  store: MetricStore;
  traces: TraceStore;
  alarms: AlarmEngine;
  fleet: Fleet;
  targetGroups: Map<string, TargetGroup>;
  publicLoadBalancer: LoadBalancer;
  internalLoadBalancer: LoadBalancer;
  database: DatabaseControl;
  postgres: LabDatabase;
  proxy: TcpFaultProxy;
  faults: FaultManager;
  context: ScenarioContext;
  collector: Collector;
  pace: LabPaceControl;
  log: (line: string) => void;
}

export interface RunningDaemon {
  parts: LabParts;
  /** Reverts every fault, stops the fleet and every listener, then Postgres. Idempotent. */
  stop(reason: string): Promise<void>;
}

function identityFor(owner: string): LabIdentity {
  const hex = owner.slice(0, 16);
  return {
    cluster: "gameday-lab",
    loadBalancer: `app/gameday-lab-alb/${hex}`,
    internalLoadBalancer: `app/gameday-lab-internal/${hex.split("").reverse().join("")}`,
    targetGroups: { api: `targetgroup/gameday-lab-api/${hex.slice(0, 8)}${hex.slice(8)}`, backend: `targetgroup/gameday-lab-backend/${hex.slice(8)}${hex.slice(0, 8)}` },
    targetGroupArns: {
      api: `arn:aws:elasticloadbalancing:local:000000000000:targetgroup/gameday-lab-api/${hex}`,
      backend: `arn:aws:elasticloadbalancing:local:000000000000:targetgroup/gameday-lab-backend/${hex.slice(8)}${hex.slice(0, 8)}`,
    },
    dbCluster: "gameday-lab-db",
    webAcl: "gameday-lab-web-acl",
  };
}

export async function startDaemon(config: LabConfig, log: (line: string) => void): Promise<RunningDaemon> {
  const startedAt = new Date();
  const stateDir = path.resolve(config.stateDir);
  const owner = ownerOf(stateDir);
  const bootId = randomBytes(4).toString("hex");
  const stateFile = stateFilePath(stateDir);

  // 1. Safety first: whatever a previous run left is cleared before anything starts.
  const previous = readStateFile(stateFile);
  const leftovers = await killLeftovers(owner);
  if (leftovers.length > 0) log(`killed ${leftovers.length} task process(es) left by a previous run: ${leftovers.join(", ")}`);
  const history: FaultRecord[] = previous ? closeLeftoverFaults(previous.faults, previous.daemonPid, Date.now()) : [];
  const reopened = previous ? previous.faults.filter((fault) => fault.phase !== "ended").length : 0;
  if (reopened > 0) log(`recorded ${reopened} fault(s) of the previous run as reverted`);

  const state: StateFile = {
    version: 1,
    owner,
    bootId,
    daemonPid: process.pid,
    watchdogPid: null,
    postmasterPid: null,
    startedAt: startedAt.getTime(),
    cleanShutdown: false,
    faults: history,
  };
  const persist = () => writeStateFile(stateFile, state);
  persist();
  const watchdog: Watchdog = startWatchdog(stateDir, stateFile, owner);
  state.watchdogPid = watchdog.pid;
  persist();

  const cleanups: (() => Promise<void> | void)[] = [() => watchdog.release()];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };

  try {
    const identity = identityFor(owner);
    const events = new EventLog(bootId);
    const store = new MetricStore(config.tuning.metricRetentionSeconds);
    const services: ServiceSpec[] = [
      { name: "api", role: "api", desiredCount: config.fleet.apiTasks, autoscaling: true },
      { name: "backend", role: "backend", desiredCount: config.fleet.backendTasks, autoscaling: false },
    ];
    const secrets = new SecretStore(services.map((service) => service.name));

    // 2. The database and the fault proxy in front of it.
    const bundlePath = await buildTargetService();
    const postgres = await startDatabase({ stateDir, adminUrl: config.databaseAdminUrl, services: services.map((service) => service.name), passwords: secrets.passwords(), log });
    cleanups.push(() => postgres.stop());
    state.postmasterPid = postgres.postmasterPid;
    persist();
    const proxy = new TcpFaultProxy({ host: "127.0.0.1", upstreamHost: postgres.host, upstreamPort: postgres.port });
    await proxy.start();
    cleanups.push(() => proxy.close());
    const database = new DatabaseControl(identity.dbCluster, proxy, postgres, events);
    cleanups.push(() => database.close());

    // 3. Load balancer: target groups, the internal listener (api → backend), the public one.
    const internalLbName = "gameday-lab-internal";
    const publicLbName = "gameday-lab-alb";
    // The internal listener's port, known once it listens; the graph names calls to it "backend".
    const internalPortRef = { port: 0 };
    const tracing = new TraceStore(config.tuning.traceRetentionSeconds, {
      loadBalancer: publicLbName,
      database: { id: identity.dbCluster, name: `postgres (${LAB_DATABASE})` },
      resolvePeer: (span) => {
        const url = span.attributes["url.full"];
        let port = span.attributes["server.port"];
        if (typeof url === "string") {
          try {
            port = new URL(url).port;
          } catch {
            // Not a URL: fall back to server.port.
          }
        }
        return port !== undefined && Number(port) === internalPortRef.port ? "backend" : null;
      },
    });
    const targetGroups = new Map<string, TargetGroup>();
    for (const service of services) {
      const group = new TargetGroup(service.name, identity.targetGroupArns[service.name] ?? service.name, identity.targetGroups[service.name] ?? service.name, config.tuning.healthCheck, events);
      targetGroups.set(service.name, group);
      cleanups.push(() => group.close());
    }
    const waf = new WebAcl(config.tuning.waf.rateLimit, config.tuning.waf.rateWindowMs);
    const apiGroup = targetGroups.get("api");
    const backendGroup = targetGroups.get("backend");
    if (!apiGroup || !backendGroup) throw new Error("target groups missing");
    const internalLoadBalancer = new LoadBalancer({
      name: internalLbName,
      dimension: identity.internalLoadBalancer,
      targetGroupLoadBalancer: identity.loadBalancer,
      port: await freePort(),
      targetGroup: backendGroup,
      store,
      traces: tracing,
      traced: false,
      targetTimeoutMs: config.tuning.targetTimeoutMs,
    });
    internalPortRef.port = await internalLoadBalancer.start();
    cleanups.push(() => internalLoadBalancer.close());
    const publicLoadBalancer = new LoadBalancer({
      name: publicLbName,
      dimension: identity.loadBalancer,
      port: config.publicPort,
      targetGroup: apiGroup,
      store,
      traces: tracing,
      waf: { acl: waf, name: identity.webAcl },
      traced: true,
      targetTimeoutMs: config.tuning.targetTimeoutMs,
    });
    await publicLoadBalancer.start();
    cleanups.push(() => publicLoadBalancer.close());
    const publicUrl = `http://127.0.0.1:${config.publicPort}`;

    // 4. The fleet. Tasks get only what ECS would give them: no daemon secret, no token.
    const faultSecret = randomBytes(24).toString("base64url");
    // The collector needs the fleet and the fleet's autoscaler reads the collector.
    const cpuSource: { collector?: Collector } = {};
    const roles = new Map(services.map((service) => [service.name, service.role]));
    const fleet: Fleet = new Fleet({
      tuning: config.tuning,
      bundlePath,
      events,
      targetGroups,
      secrets,
      services,
      hosts: { count: config.fleet.hosts, slots: config.fleet.hostSlots, spot: config.fleet.spotHosts },
      cpuAverage: (service, seconds) => cpuSource.collector?.cpuAverage(service, seconds),
      taskEnv: (task, password): Record<string, string> => ({
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        ROLE: roles.get(task.service) ?? task.service,
        PORT: "0",
        HOST: "127.0.0.1",
        TASK_ID: task.id,
        SERVICE_NAME: task.service,
        VERSION: `${task.taskDefinition.family}:${task.taskDefinition.revision}`,
        START_MODE: task.taskDefinition.startMode,
        DB_HOST: "127.0.0.1",
        DB_PORT: String(proxy.port),
        DB_NAME: LAB_DATABASE,
        DB_USER: roleFor(task.service),
        DB_PASSWORD: password,
        FAULT_SECRET: faultSecret,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${config.controlPort}/otlp`,
        SHUTDOWN_GRACE_MS: String(Math.max(100, config.tuning.stopTimeoutMs - 200)),
        ...(task.service === "api" ? { BACKEND_URL: `http://127.0.0.1:${internalPortRef.port}` } : {}),
        [OWNER_ENV]: `${owner}:${bootId}`,
      }),
    });
    cleanups.push(() => fleet.shutdown(Math.min(2000, config.tuning.stopTimeoutMs)));

    // 5. Signals: the sampler, alarms, synthetic traffic and the probe.
    const collector = new Collector({ store, fleet, identity, targetGroups, loadBalancers: [publicLoadBalancer, internalLoadBalancer], proxy, tuning: config.tuning });
    cpuSource.collector = collector;
    collector.start();
    cleanups.push(() => collector.stop());
    fleet.start();
    // Load and alarms start from a steady fleet: start-up is not an incident.
    const steadyBy = Date.now() + Math.max(30_000, config.tuning.taskStartTimeoutMs * 2);
    while (!fleet.isSteady() && Date.now() < steadyBy) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!fleet.isSteady()) log("the fleet is not steady after start; serving anyway");
    // The fleet boots at the fast pace (start-up is not an incident); the configured pace applies from here on.
    const pace = new LabPaceControl(config.tuning);
    pace.set(config.pace);
    log(`pace: ${pace.pace}`);
    const alarms = new AlarmEngine(
      defaultAlarms({ identity, services: services.map((service) => service.name), periodSeconds: config.tuning.alarmPeriodSeconds, desiredCount: (service) => fleet.service(service)?.desiredCount ?? 0 }),
      store,
      events,
    );
    const housekeeping = setInterval(() => {
      alarms.evaluate();
      tracing.prune();
    }, 1000);
    cleanups.push(() => clearInterval(housekeeping));
    const traffic = new TrafficGenerator({ url: publicUrl, ...config.tuning.traffic });
    const probe = new AvailabilityProbe({ url: publicUrl, store, ...config.tuning.probe });
    traffic.start();
    probe.start();
    cleanups.push(() => traffic.stop());
    cleanups.push(() => probe.stop());

    // 6. Faults, last: they act on everything above.
    const flags = new FlagComposer(faultSecret);
    const context: ScenarioContext = { fleet, flags, waf, internalLoadBalancer, database, postgres, secrets, events, tuning: config.tuning };
    const faults = new FaultManager({
      context,
      events,
      history,
      persist: (records) => {
        state.faults = records;
        persist();
      },
    });
    cleanups.push(async () => {
      const halted = await faults.close("the local lab is shutting down");
      if (halted.length > 0) log(`reverted ${halted.length} fault(s) at shutdown`);
    });

    const parts: LabParts = {
      config,
      identity,
      publicUrl,
      startedAt,
      events,
      store,
      traces: tracing,
      alarms,
      fleet,
      targetGroups,
      publicLoadBalancer,
      internalLoadBalancer,
      database,
      postgres,
      proxy,
      faults,
      context,
      collector,
      pace,
      log,
    };

    let stopping: Promise<void> | undefined;
    return {
      parts,
      stop: (reason: string) => {
        stopping ??= (async () => {
          log(`stopping: ${reason}`);
          await unwind();
          state.cleanShutdown = true;
          state.postmasterPid = null;
          persist();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
