/**
 * What a trainee can do to fix the target. None of these starts or stops a fault: a fault
 * stays active until its lease ends or someone stops it, even when its symptom is gone.
 */
import type { RemediationAction } from "./api/schemas";
import type { LabParts } from "./daemon";
import { LabFailure } from "./errors";
import { restoreSecretAccess } from "./faults/scenarios/secrets-break";

function requireService(parts: LabParts, service: string): void {
  if (!parts.fleet.service(service)) {
    throw new LabFailure("not-found", `No service ${service} in this lab (services: ${[...parts.fleet.services.keys()].join(", ")})`);
  }
}

export async function remediate(parts: LabParts, action: RemediationAction): Promise<void> {
  const { fleet, events } = parts;
  switch (action.type) {
    case "force-new-deployment":
      requireService(parts, action.service);
      fleet.deploy(action.service, "force new deployment (remediation)");
      return;
    case "scale-service":
      requireService(parts, action.service);
      fleet.scaleService(action.service, action.desiredCount, "update-service --desired-count (remediation)");
      return;
    case "rollback": {
      requireService(parts, action.service);
      const deployment = fleet.rollback(action.service, "rollback (remediation)");
      if (!deployment) throw new LabFailure("conflict", `${action.service} already runs its last good task definition; nothing to roll back`);
      return;
    }
    case "add-capacity": {
      const hosts = fleet.addCapacity(action.hosts);
      events.emit("host", null, `Added ${hosts.length} on-demand host(s) (remediation): ${hosts.map((host) => host.id).join(", ")}`, { hosts: hosts.map((host) => host.id) });
      return;
    }
    case "restore-secret-access":
      requireService(parts, action.service);
      restoreSecretAccess(parts.context, action.service);
      events.emit("service", action.service, `${action.service}-execution-role: secretsmanager:GetSecretValue restored (remediation)`);
      return;
    case "failback-database":
      await parts.database.failback(parts.config.tuning.failbackRefuseMs);
      return;
  }
}
