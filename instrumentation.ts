/**
 * Next.js calls `register()` once when a server process starts. The console starts its live
 * supervisor there, so running game days are polled and supervised even with no viewer, and
 * publishes the live stream listener that the server entry (scripts/console/server.mjs)
 * serves `GET /api/gamedays/:id/stream` with: it must share this bundle's hubs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startLiveSupervisor } = await import("@/lib/live/supervisor");
  const { publishLiveStreamListener } = await import("@/lib/live/stream-listener");
  publishLiveStreamListener(startLiveSupervisor());
}
