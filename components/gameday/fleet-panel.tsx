"use client";

import { memo, useState } from "react";
import { formatUtcTime } from "@/lib/client/format";
import type { LiveState } from "@/lib/client/live-state";
import type { Task, Topology } from "@/lib/lab/types";

const STATUS_ORDER: Record<Task["lastStatus"], number> = {
  RUNNING: 0,
  ACTIVATING: 1,
  PENDING: 2,
  PROVISIONING: 3,
  DEACTIVATING: 4,
  STOPPING: 5,
  DEPROVISIONING: 6,
  STOPPED: 7,
};

/** Running first, then starting, then stopping; stopped tasks newest first. */
export function orderTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      STATUS_ORDER[a.lastStatus] - STATUS_ORDER[b.lastStatus] ||
      (b.stoppedAt ?? "").localeCompare(a.stoppedAt ?? "") ||
      (b.startedAt ?? "").localeCompare(a.startedAt ?? "") ||
      a.id.localeCompare(b.id),
  );
}

const STOPPED_SHOWN = 8;

function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

function HostGrid({ topology }: { topology: Topology }) {
  if (topology.hosts.length === 0) return <p className="muted small">Fargate: no hosts to show; tasks below.</p>;
  return (
    <div className="hosts" data-testid="hosts">
      {topology.hosts.map((host) => {
        const tasks = topology.tasks.filter((task) => task.hostId === host.id && task.lastStatus !== "STOPPED");
        return (
          <div key={host.id} className={`host ${host.status.toLowerCase()}`} data-testid="host">
            <div className="row" style={{ gap: 6 }}>
              <span className="host-id">{host.id}</span>
              {host.lifecycle === "spot" ? <span className="badge warn">spot</span> : null}
              {host.status !== "ACTIVE" ? <span className="badge bad">{host.status.toLowerCase()}</span> : null}
            </div>
            <div className="muted small">
              {host.availabilityZone} · {host.used}/{host.capacity} used
            </div>
            <div className="capacity" aria-hidden="true">
              <span style={{ width: `${host.capacity ? Math.min(100, (host.used / host.capacity) * 100) : 0}%` }} />
            </div>
            <div className="task-dots" aria-label={`${tasks.length} tasks`}>
              {tasks.map((task) => (
                <span key={task.id} className={`task-dot ${task.lastStatus}${task.healthStatus === "UNHEALTHY" ? " unhealthy" : ""}`} title={`${task.id} · ${task.service} · ${task.lastStatus} · ${task.healthStatus}`} />
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** Props of the fleet panel. */
export interface FleetPanelProps {
  fleet: LiveState["fleet"];
  /** The stream is down: say so instead of "loading". */
  waiting: boolean;
}

/** Services, hosts, tasks (with ECS stop reasons), load-balancer targets and the database. */
function FleetPanelView({ fleet, waiting }: FleetPanelProps) {
  const [showAllStopped, setShowAllStopped] = useState(false);
  const topology = fleet?.topology;
  if (!topology) {
    return (
      <section className="panel" aria-labelledby="fleet-title">
        <div className="panel-head">
          <h2 id="fleet-title">Fleet</h2>
        </div>
        <p className="loading">{waiting ? "Waiting for the live stream…" : "Loading the fleet…"}</p>
      </section>
    );
  }
  const ordered = orderTasks(topology.tasks);
  const stopped = ordered.filter((task) => task.lastStatus === "STOPPED");
  const shown = [...ordered.filter((task) => task.lastStatus !== "STOPPED"), ...(showAllStopped ? stopped : stopped.slice(0, STOPPED_SHOWN))];
  const targetState = new Map(topology.targets.map((target) => [target.targetId, target]));

  return (
    <section className="panel" aria-labelledby="fleet-title" data-testid="fleet-panel">
      <div className="panel-head">
        <h2 id="fleet-title">Fleet</h2>
        <span className="muted small">
          {topology.cluster} · as of {formatUtcTime(topology.capturedAt)} UTC
        </span>
      </div>
      <div className="table-wrap" role="region" aria-label="Services, scrollable" tabIndex={0}>
      <table className="table dense">
        <thead>
          <tr>
            <th>Service</th>
            <th>Running / desired</th>
            <th>Pending</th>
            <th>Task definition</th>
            <th>Deployments</th>
          </tr>
        </thead>
        <tbody>
          {topology.services.map((service) => (
            <tr key={service.name} data-testid="service-row">
              <td>
                <strong>{service.name}</strong>
              </td>
              <td className={`mono ${service.runningCount < service.desiredCount ? "state-ALARM" : ""}`}>
                {service.runningCount} / {service.desiredCount}
              </td>
              <td className="mono">{service.pendingCount}</td>
              <td className="mono small">{service.taskDefinition}</td>
              <td className="small">
                {service.deployments.map((deployment) => (
                  <div key={deployment.id}>
                    <span className={`badge ${deployment.rolloutState === "FAILED" ? "bad" : deployment.rolloutState === "IN_PROGRESS" ? "warn" : ""}`}>
                      {deployment.status.toLowerCase()} · {deployment.rolloutState.toLowerCase().replace("_", " ")}
                    </span>{" "}
                    <span className="mono">{deployment.taskDefinition}</span> {deployment.runningCount}/{deployment.desiredCount}
                    {deployment.failedTasks ? <span className="state-ALARM"> · {deployment.failedTasks} failed</span> : null}
                    {deployment.rolloutStateReason ? <div className="muted">{deployment.rolloutStateReason}</div> : null}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h3>Hosts</h3>
      <HostGrid topology={topology} />
      <h3>Tasks</h3>
      <div className="scroll-y" style={{ maxHeight: 320 }} role="region" aria-label="Tasks, scrollable" tabIndex={0}>
        <table className="table dense">
          <thead>
            <tr>
              <th>Task</th>
              <th>Service</th>
              <th>Status</th>
              <th>Health / target</th>
              <th>Placement</th>
              <th>Started</th>
              <th>Stop reason</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((task) => {
              const target = targetState.get(task.id);
              return (
                <tr key={task.id} className={task.lastStatus === "STOPPED" ? "dim" : ""} data-testid="task-row" data-status={task.lastStatus}>
                  <td className="mono nowrap" title={task.id}>
                    {shortId(task.id)}
                    {task.pid ? <span className="muted"> pid {task.pid}</span> : null}
                  </td>
                  <td>{task.service}</td>
                  <td className={task.lastStatus === "RUNNING" ? "state-OK" : task.lastStatus === "STOPPED" ? "muted" : ""}>{task.lastStatus.toLowerCase()}</td>
                  <td className={task.healthStatus === "UNHEALTHY" || target?.state === "unhealthy" ? "state-ALARM" : ""}>
                    {task.healthStatus.toLowerCase()}
                    {target ? ` · ${target.state}` : ""}
                  </td>
                  <td className="small">
                    {task.hostId ?? "—"} {task.availabilityZone ? <span className="muted">{task.availabilityZone}</span> : null}
                  </td>
                  <td className="mono small">{task.startedAt ? formatUtcTime(task.startedAt) : "—"}</td>
                  <td className="small">
                    {task.stopCode ? <span className="badge bad">{task.stopCode}</span> : null} {task.stoppedReason ?? ""}
                    {task.stoppedAt ? <span className="muted mono"> {formatUtcTime(task.stoppedAt)}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {stopped.length > STOPPED_SHOWN ? (
        <button type="button" className="button small" onClick={() => setShowAllStopped((value) => !value)} style={{ marginTop: 6 }}>
          {showAllStopped ? "Show fewer stopped tasks" : `Show all ${stopped.length} stopped tasks`}
        </button>
      ) : null}
      {topology.targets.some((target) => target.state !== "healthy") ? (
        <>
          <h3>Targets not healthy</h3>
          <ul className="check-list">
            {topology.targets
              .filter((target) => target.state !== "healthy")
              .map((target) => (
                <li key={target.targetId} style={{ gridTemplateColumns: "120px 1fr" }}>
                  <span className="mono small">{shortId(target.targetId)}</span>
                  <span className="small">
                    <strong>{target.state}</strong> {target.reason ?? ""} {target.description ? <span className="muted">{target.description}</span> : null}
                  </span>
                </li>
              ))}
          </ul>
        </>
      ) : null}
      {topology.database ? (
        <>
          <h3>Database</h3>
          <p className="small" style={{ margin: 0 }}>
            <span className="mono">{topology.database.identifier}</span> · {topology.database.engine} ·{" "}
            <strong className={topology.database.status === "available" ? "state-OK" : "state-ALARM"}>{topology.database.status}</strong>
            {topology.database.writer ? <span className="muted"> · writer {topology.database.writer}</span> : null}
          </p>
        </>
      ) : null}
    </section>
  );
}

/** Re-renders only when the fleet changes. */
export const FleetPanel = memo(FleetPanelView);
