import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { IdSchema } from "@/lib/db/ids";
import { requireGameDayAccess } from "@/lib/gameday/access";

/**
 * Decides "no such game day" before the pages below start streaming: their loading state
 * sends 200 at once, so a not-found found later would reach browsers, crawlers and scripts
 * as a 200. Here, outside that boundary, it is a real 404 (and a game day the caller may not
 * see is the same 404, as in the API).
 */
export default async function GameDayLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(undefined, `/gamedays/${encodeURIComponent(id)}`);
  if (!IdSchema.safeParse(id).success) notFound();
  await requireGameDayAccess(principal, id, "view").catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });
  return children;
}
