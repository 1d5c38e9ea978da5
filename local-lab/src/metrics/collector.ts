/**
 * The per-second sampler: ECS and Container Insights gauges from the fleet (task counts;
 * CPU and RSS read from /proc of the real task processes), target health counts per target
 * group, database connections through the fault proxy, and the zero ticks of count metrics.
 */
import type { Tuning } from "../config";
import type { TcpFaultProxy } from "../db/fault-proxy";
import type { Fleet } from "../fleet/fleet";
import type { LoadBalancer } from "../lb/load-balancer";
import type { TargetGroup } from "../lb/target-group";
import { CpuMeter, rssBytes } from "../util/proc";
import { albKey, NS, rdsKey, serviceKey, type LabIdentity } from "./names";
import type { MetricStore } from "./store";

export interface CollectorOptions {
  store: MetricStore;
  fleet: Fleet;
  identity: LabIdentity;
  targetGroups: ReadonlyMap<string, TargetGroup>;
  loadBalancers: readonly LoadBalancer[];
  proxy: TcpFaultProxy;
  tuning: Tuning;
}

export class Collector {
  private readonly options: CollectorOptions;
  private readonly cpu = new CpuMeter();
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;

  constructor(options: CollectorOptions) {
    this.options = options;
  }

  start(): void {
    this.sample();
    // Aligned to the second so each sample lands in its own per-second bucket.
    const delay = 1000 - (Date.now() % 1000) + 20;
    this.timer = setTimeout(() => {
      this.sample();
      this.timer = setInterval(() => this.sample(), 1000);
    }, delay);
  }

  sample(nowMs = Date.now()): void {
    const { store, fleet, identity, targetGroups, loadBalancers, proxy, tuning } = this.options;
    for (const balancer of loadBalancers) balancer.tick(nowMs);
    for (const service of fleet.services.values()) {
      const counts = fleet.counts(service.name);
      store.record(serviceKey(NS.containerInsights, "RunningTaskCount", identity.cluster, service.name), counts.running, nowMs);
      store.record(serviceKey(NS.containerInsights, "PendingTaskCount", identity.cluster, service.name), counts.pending, nowMs);
      store.record(serviceKey(NS.containerInsights, "DesiredTaskCount", identity.cluster, service.name), counts.desired, nowMs);
      const cpuShare = tuning.task.cpuUnits / 1024;
      const memoryBytes = tuning.task.memoryMiB * 1024 * 1024;
      const cpu: number[] = [];
      const memory: number[] = [];
      for (const task of fleet.aliveTasks(service.name)) {
        if (task.pid === null || !task.process?.running) {
          this.cpu.forget(task.id);
          continue;
        }
        const percent = this.cpu.read(task.id, task.pid, nowMs);
        if (percent !== undefined) cpu.push(percent / cpuShare);
        const rss = rssBytes(task.pid);
        if (rss !== null) memory.push((rss / memoryBytes) * 100);
      }
      // ECS reports a service's utilisation as used over reserved across its tasks: the mean.
      if (cpu.length > 0) store.record(serviceKey(NS.ecs, "CPUUtilization", identity.cluster, service.name), cpu.reduce((a, b) => a + b, 0) / cpu.length, nowMs);
      if (memory.length > 0) store.record(serviceKey(NS.ecs, "MemoryUtilization", identity.cluster, service.name), memory.reduce((a, b) => a + b, 0) / memory.length, nowMs);
    }
    // Every target group belongs to the public ALB, whichever listener routes to it.
    for (const group of targetGroups.values()) {
      const counts = group.counts();
      store.record(albKey("HealthyHostCount", identity.loadBalancer, group.dimension), counts.healthy, nowMs);
      store.record(albKey("UnHealthyHostCount", identity.loadBalancer, group.dimension), counts.unhealthy, nowMs);
    }
    store.record(rdsKey("DatabaseConnections", identity.dbCluster), proxy.activeConnections, nowMs);
    this.ticks += 1;
    if (this.ticks % 60 === 0) store.prune(nowMs);
  }

  /** Mean CPUUtilization of a service over the last `seconds` (what a target-tracking policy reads). */
  cpuAverage(service: string, seconds: number): number | undefined {
    const { store, identity } = this.options;
    const now = Date.now();
    const points = store.query(serviceKey(NS.ecs, "CPUUtilization", identity.cluster, service), "Average", seconds, now - seconds * 1000, now);
    if (points.length === 0) return undefined;
    return points.reduce((sum, point) => sum + point.v, 0) / points.length;
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
  }
}
