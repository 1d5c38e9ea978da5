/** Small helpers the scenarios share. */
import type { Fleet } from "../../fleet/fleet";
import type { Task } from "../../fleet/model";
import { shareOf } from "../../fleet/policies";

/** That share of a service's running tasks (rounded up, at least one), oldest first, like FIS PERCENT selection. */
export function pickTasks(fleet: Fleet, service: string, percent: number): Task[] {
  const running = fleet.runningTasks(service).sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.id.localeCompare(b.id));
  return running.slice(0, shareOf(running.length, percent));
}

/** A stable 0..99 bucket of a task id (as the AWS side hashes task ids for percentage faults). */
export function bucketOf(taskId: string): number {
  let hash = 0;
  for (const char of taskId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 100;
}
