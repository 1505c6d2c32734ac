import type { CallSignal } from '../call-signal.ts';
import { ProviderError } from '../provider-error.ts';

function abortedError(signal: CallSignal): ProviderError {
  const reason: unknown = signal.reason;
  return reason instanceof ProviderError ? reason : new ProviderError('aborted', 499, 'The client closed the request');
}

/** Throws at once if the caller has gone; the mock's stand-in for an upstream noticing a closed socket. */
export function throwIfAborted(signal: CallSignal): void {
  if (signal.aborted) throw abortedError(signal);
}

/** Waits `ms`, or rejects as soon as `signal` aborts (a client that left must not keep a timer alive). */
export function abortableSleep(ms: number, signal: CallSignal): Promise<void> {
  throwIfAborted(signal);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
