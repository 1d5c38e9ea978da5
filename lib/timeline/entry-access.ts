import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { requireGameDayAccess } from "@/lib/gameday/access";

type Access = Awaited<ReturnType<typeof requireGameDayAccess>>;

/**
 * How long a writer's access to a game day is trusted without asking the database again.
 * Someone removed from a game day may still write for this long; the game day's end is
 * checked again at commit, under the timeline's lock, so a closed timeline stays closed.
 */
const TRUST_MS = 2000;
const MAX_CACHED = 10_000;

type Remembered = Map<string, { access: Access; until: number }>;

const globalForAccess = globalThis as { gamedayEntryAccess?: Remembered };

/**
 * requireGameDayAccess(…, "participate") for someone writing entries, remembered briefly:
 * a trainee logging evidence at speed asks the same question many times a second. Only
 * granted access is remembered; a refusal is asked afresh each time.
 */
export async function entryAccess(principal: Principal, gameDayId: string, now = Date.now()): Promise<Access> {
  const cache: Remembered = (globalForAccess.gamedayEntryAccess ??= new Map() as Remembered);
  const key = `${principal.userId}|${principal.role}|${gameDayId}`;
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached.access;
  const access = await requireGameDayAccess(principal, gameDayId, "participate");
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { access, until: now + TRUST_MS });
  return access;
}
