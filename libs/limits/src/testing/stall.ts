/** Keeps this process busy without yielding for `ms`, as a long GC or a CPU-throttled pod would. */
export function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing is read, no timer runs
  }
}
