import { startThrowawayStack } from "../../scripts/console/throwaway";

/**
 * Builds the console once before the drills (when the current commit has no build yet), so
 * no drill's bounded waits include a production build on two busy cores.
 */
export default async function buildOnce(): Promise<void> {
  const stack = await startThrowawayStack({ name: "drills-build", log: (message) => console.log(`[drills] ${message}`) });
  await stack.stop();
}
