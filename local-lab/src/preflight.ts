/**
 * Readiness of a scenario on this lab now: the fault manager's checks (parameters, lease,
 * conflicts, the scenario's own), then the steady state the exercise starts from.
 */
import type { CheckView, ScenarioSpec } from "./api/schemas";
import type { LabParts } from "./daemon";
import { probeKey } from "./metrics/names";

const DATABASE_SCENARIOS = new Set(["aurora-failover", "secret-drift", "secrets-break"]);

export function preflight(parts: LabParts, spec: ScenarioSpec): CheckView[] {
  const checks = parts.faults.preflight(spec);
  const services = [...parts.fleet.services.values()];
  const lagging = services.filter((service) => !service.steady).map((service) => {
    const counts = parts.fleet.counts(service.name);
    return `${service.name}: ${counts.running}/${counts.desired} running${counts.pending > 0 ? `, ${counts.pending} pending` : ""}`;
  });
  checks.push(
    lagging.length === 0
      ? { id: "steady-state", label: "Fleet in steady state", status: "pass", detail: services.map((service) => `${service.name}: ${service.desiredCount}/${service.desiredCount} running and healthy`).join("; ") }
      : { id: "steady-state", label: "Fleet in steady state", status: "warn", detail: `Not steady yet (${lagging.join("; ")}); results will mix this fault with the current disturbance` },
  );
  const now = Date.now();
  const points = parts.store.query(probeKey("Availability", "public"), "Average", 30, now - 30_000, now);
  const availability = points.length > 0 ? points.reduce((sum, point) => sum + point.v, 0) / points.length : undefined;
  checks.push(
    availability === undefined
      ? { id: "probe", label: "Availability probe", status: "warn", detail: "No probe results in the last 30 s yet" }
      : availability >= 99
        ? { id: "probe", label: "Availability probe", status: "pass", detail: `Public endpoint ${availability.toFixed(1)}% available over the last 30 s` }
        : { id: "probe", label: "Availability probe", status: "warn", detail: `Public endpoint only ${availability.toFixed(1)}% available over the last 30 s: the baseline is already degraded` },
  );
  if (DATABASE_SCENARIOS.has(spec.scenarioId)) {
    const status = parts.database.status;
    checks.push({
      id: "database",
      label: "Database reachable",
      status: status === "available" ? "pass" : "warn",
      detail: status === "available" ? `${parts.database.identifier} available, writer ${parts.database.writer}` : `${parts.database.identifier} is ${status}`,
    });
  }
  return checks;
}
