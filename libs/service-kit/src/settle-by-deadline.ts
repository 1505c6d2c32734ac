/**
 * The promise's outcome, or `late()`'s once `ms` have passed and the event loop has read what arrived meanwhile
 * (if `late` throws, the promise rejects with what it threw). Why not a timer raced against the promise, or a
 * client's own command timeout: timers run before the poll phase that reads the sockets, so after a stall of
 * this process (a long GC, a loaded machine, a CPU-throttled pod) an answer that came back in a millisecond lost
 * to the timer. Here the timer only schedules the verdict with `setImmediate`, which runs after that poll phase:
 * an answer already in the socket wins; one that is really late still loses at the deadline. The timer does not
 * keep the process alive.
 */
export function settleByDeadline<T, L>(promise: Promise<T>, ms: number, late: () => L): Promise<T | L> {
  return new Promise<T | L>((resolve, reject) => {
    let settled = false;
    const finish = (verdict: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      verdict();
    };
    const timer = setTimeout(
      () =>
        setImmediate(() =>
          finish(() => {
            try {
              resolve(late());
            } catch (error) {
              reject(error);
            }
          }),
        ),
      ms,
    );
    timer.unref();
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
