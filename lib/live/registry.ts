import "server-only";
import { getLab } from "@/lib/lab";
import { cadenceFor } from "./cadence";
import { GameDayHub, type HubOptions } from "./hub";

const globalForHubs = globalThis as { gamedayHubs?: Map<string, GameDayHub>; gamedayHubOptions?: HubOptions };

function defaultOptions(): HubOptions {
  return { lab: getLab, cadence: cadenceFor(getLab().kind) };
}

/** Tests (and benchmarks) drive the hubs with their own lab and cadence. */
export function configureLiveHubs(options: HubOptions): void {
  globalForHubs.gamedayHubOptions = options;
}

/** This instance's hub of a game day (created on first use). */
export function hubFor(gameDayId: string): GameDayHub {
  globalForHubs.gamedayHubs ??= new Map();
  let hub = globalForHubs.gamedayHubs.get(gameDayId);
  if (!hub) {
    hub = new GameDayHub(gameDayId, globalForHubs.gamedayHubOptions ?? defaultOptions());
    globalForHubs.gamedayHubs.set(gameDayId, hub);
  }
  return hub;
}

export function allHubs(): GameDayHub[] {
  return [...(globalForHubs.gamedayHubs?.values() ?? [])];
}

/** Stops every hub of this instance (tests, shutdown). */
export async function closeAllHubs(): Promise<void> {
  const hubs = allHubs();
  globalForHubs.gamedayHubs = new Map();
  await Promise.all(hubs.map((hub) => hub.deactivate()));
}
