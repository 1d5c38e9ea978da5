/**
 * Burns CPU on the calling thread for `ms` milliseconds and returns how many iterations of
 * busy arithmetic that took. Synchronous on purpose: like a real CPU-bound handler, it holds
 * the event loop, so concurrent requests on this task queue behind it.
 */
export function burnCpu(ms: number): number {
  const until = performance.now() + ms;
  let iterations = 0;
  let sink = 0;
  do {
    // A batch between clock reads keeps the clock call from dominating the loop.
    for (let i = 0; i < 1000; i += 1) sink += Math.sqrt(i + iterations);
    iterations += 1000;
  } while (performance.now() < until);
  // Using the result keeps the optimiser from removing the loop.
  return sink < 0 ? -1 : iterations;
}
