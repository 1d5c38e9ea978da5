/** The lab as the port's Topology: services, tasks (with pids and stop reasons), hosts, targets, database. */
import type { TopologyView } from "./api/schemas";
import type { LabParts } from "./daemon";

export function topology(parts: LabParts): TopologyView {
  const { fleet, identity, targetGroups, database } = parts;
  return {
    kind: "local",
    cluster: identity.cluster,
    loadBalancer: {
      dimension: identity.loadBalancer,
      url: parts.publicUrl,
      targetGroups: [...targetGroups.values()].map((group) => ({ service: group.service, dimension: group.dimension })),
    },
    capturedAt: new Date().toISOString(),
    services: fleet.serviceViews(),
    tasks: [...fleet.tasks.values()].sort((a, b) => a.createdAt - b.createdAt).map((task) => fleet.taskView(task)),
    hosts: fleet.hostViews(),
    targets: [...targetGroups.values()].flatMap((group) => group.views()),
    database: { identifier: database.identifier, engine: database.engine, status: database.status, writer: database.writer },
  };
}
