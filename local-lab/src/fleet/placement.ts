/**
 * Task placement, pure: ECS's "spread across availability zones, then across instances"
 * strategy over hosts with a free slot. DRAINING and INACTIVE hosts take no new task.
 */

/** What placement needs to know about a host. */
export interface PlacementHost {
  id: string;
  availabilityZone: string;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  capacity: number;
  used: number;
}

/**
 * Picks the host for one task of a service, or null when no host has room.
 * @param serviceTasks the service's live tasks per host id (placed ones only)
 */
export function chooseHost(hosts: readonly PlacementHost[], serviceTasks: ReadonlyMap<string, number>): string | null {
  const eligible = hosts.filter((host) => host.status === "ACTIVE" && host.used < host.capacity);
  if (eligible.length === 0) return null;

  const perZone = new Map<string, number>();
  for (const host of hosts) {
    if (host.status === "INACTIVE") continue;
    perZone.set(host.availabilityZone, (perZone.get(host.availabilityZone) ?? 0) + (serviceTasks.get(host.id) ?? 0));
  }
  const zones = [...new Set(eligible.map((host) => host.availabilityZone))].sort(
    (a, b) => (perZone.get(a) ?? 0) - (perZone.get(b) ?? 0) || a.localeCompare(b),
  );
  const zone = zones[0];
  const candidates = eligible
    .filter((host) => host.availabilityZone === zone)
    .sort(
      (a, b) =>
        (serviceTasks.get(a.id) ?? 0) - (serviceTasks.get(b.id) ?? 0) ||
        b.capacity - b.used - (a.capacity - a.used) ||
        a.id.localeCompare(b.id),
    );
  return candidates[0]?.id ?? null;
}

/** Places `count` tasks one after another (each placement changes the spread); null entries could not be placed. */
export function placeTasks(hosts: readonly PlacementHost[], serviceTasks: ReadonlyMap<string, number>, count: number): (string | null)[] {
  const working = hosts.map((host) => ({ ...host }));
  const tasks = new Map(serviceTasks);
  const result: (string | null)[] = [];
  for (let index = 0; index < count; index += 1) {
    const hostId = chooseHost(working, tasks);
    result.push(hostId);
    if (!hostId) continue;
    const host = working.find((candidate) => candidate.id === hostId);
    if (host) host.used += 1;
    tasks.set(hostId, (tasks.get(hostId) ?? 0) + 1);
  }
  return result;
}
