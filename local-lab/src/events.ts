/**
 * The lab's event stream: ECS-like service events, task starts and stops, deployments,
 * scaling, alarm transitions, host and target-health changes and fault steps. Ids are
 * stable (boot id + sequence), so the console de-duplicates across polls.
 */
import type { LabEventKind, LabEventView } from "./api/schemas";

export class EventLog {
  private readonly entries: LabEventView[] = [];
  private sequence = 0;
  private readonly bootId: string;
  private readonly capacity: number;
  private readonly listeners = new Set<(event: LabEventView) => void>();

  constructor(bootId: string, capacity = 10_000) {
    this.bootId = bootId;
    this.capacity = capacity;
  }

  emit(kind: LabEventKind, service: string | null, message: string, data: Record<string, unknown> = {}, at = new Date()): LabEventView {
    this.sequence += 1;
    const event: LabEventView = {
      id: `${this.bootId}-${String(this.sequence).padStart(8, "0")}`,
      at: at.toISOString(),
      kind,
      service,
      message,
      data,
    };
    this.entries.push(event);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  since(instant: Date): LabEventView[] {
    const from = instant.getTime();
    return this.entries.filter((event) => Date.parse(event.at) >= from);
  }

  /** Lets tests and the bench watch for an event without polling. */
  subscribe(listener: (event: LabEventView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
