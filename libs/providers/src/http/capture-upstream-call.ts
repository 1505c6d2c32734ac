import type { FormData } from 'undici';
import { CallAbortController } from '../call-signal.ts';
import type { CallContext } from '../provider.ts';
import type { UpstreamCall } from './send-upstream.ts';

/**
 * Thrown by sendUpstream, in place of sending, for a call whose context asks only to see the request
 * (`CallContext.captureOnly`). Not a ProviderError: no adapter maps it, the router never retries it, and
 * captureUpstreamCall is the only one that catches it.
 */
export class UpstreamCallCaptured extends Error {
  constructor(readonly call: UpstreamCall) {
    super('the upstream request was captured, not sent');
    this.name = 'UpstreamCallCaptured';
  }
}

/** The request an adapter would send: where, with which headers, and the body text (a form is not shown). */
export interface CapturedUpstreamCall {
  url: string;
  headers: Record<string, string>;
  body: string | FormData;
}

/**
 * The upstream request `run` makes, built by the same adapter code as a real call and stopped where sendUpstream
 * would send it (LiteLLM's `/utils/transform_request`). Undefined when `run` finished without making one (the mock
 * provider answers by itself). Whatever else `run` throws is thrown: a request the adapter refuses is refused here too.
 */
export async function captureUpstreamCall(run: (ctx: CallContext) => Promise<unknown>, requestId: string): Promise<CapturedUpstreamCall | undefined> {
  const controller = new CallAbortController();
  try {
    await run({ signal: controller.signal, requestId, captureOnly: true });
    return undefined;
  } catch (error) {
    if (!(error instanceof UpstreamCallCaptured)) throw error;
    const { url, headers, body } = error.call;
    return { url, headers, body };
  } finally {
    // Whatever `run` started without an upstream (a mock's timers) stops with it.
    controller.abort(new Error('capture finished'));
  }
}
