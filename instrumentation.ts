/**
 * Next.js calls `register()` once when a server process starts. The console starts its live
 * supervisor there, so running game days are polled and supervised even with no viewer.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startLiveSupervisor } = await import("@/lib/live/supervisor");
  startLiveSupervisor();
}
