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

/**
 * Burns until this process has used `cpuMs` of CPU time, or `maxWallMs` have passed.
 * On a contended machine the scheduler takes slices away; counting CPU time instead of wall
 * time keeps the measured share near its target whenever the CPU is there to be had.
 */
export function burnCpuTime(cpuMs: number, maxWallMs: number): void {
  const wallUntil = performance.now() + maxWallMs;
  const start = process.cpuUsage();
  let sink = 0;
  for (;;) {
    for (let i = 0; i < 20_000; i += 1) sink += Math.sqrt(i);
    if (performance.now() >= wallUntil) break;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= cpuMs) break;
  }
  if (sink < 0) throw new Error("unreachable");
}
