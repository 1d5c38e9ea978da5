/**
 * Next.js calls `register()` once when a server process starts. The console starts its live
 * supervisor there, so running game days are polled and supervised even with no viewer, and
 * publishes the live stream listener that the server entry (scripts/console/server.mjs)
 * serves `GET /api/gamedays/:id/stream` with (it must share this bundle's hubs), and the
 * listener for the hot API routes (`POST /api/gamedays/:id/timeline`), which must share its
 * group commit and caches.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startLiveSupervisor } = await import("@/lib/live/supervisor");
  const { publishLiveStreamListener } = await import("@/lib/live/stream-listener");
  const { publishHotRouteListener } = await import("@/lib/http/hot-route-listener");
  publishHotRouteListener();
  publishLiveStreamListener(startLiveSupervisor());
}
