import type { CallSignal } from '@switchboard/providers';
import { GuardrailUnreachable } from './guardrail-unreachable.ts';

/**
 * Runs `work` with an AbortSignal that fires after `timeoutMs` or when the call's signal aborts (the client
 * left); a timeout surfaces as GuardrailUnreachable even if `work` ignores its signal.
 */
export async function withDeadline<T>(timeoutMs: number, callSignal: CallSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timedOut = new GuardrailUnreachable(`timed out after ${timeoutMs} ms`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut);
      reject(timedOut);
    }, timeoutMs);
  });
  const onAbort = (): void => controller.abort(callSignal?.reason);
  callSignal?.addEventListener('abort', onAbort, { once: true });
  if (callSignal?.aborted) onAbort();
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    callSignal?.removeEventListener('abort', onAbort);
  }
}
