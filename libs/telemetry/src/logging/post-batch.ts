import { SinkDeliveryError } from './sink-delivery-error.ts';

export interface PostBatch {
  sink: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** POSTs one batch; resolves with the answer's text on 2xx, throws a SinkDeliveryError otherwise. */
export async function postBatch({ sink, url, headers, body, timeoutMs }: PostBatch): Promise<string> {
  let response: Response;
  try {
    // redirect: 'error' keeps a sink from bouncing the batch (and its credentials) to another host.
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new SinkDeliveryError(`${sink} unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw SinkDeliveryError.fromStatus(sink, response.status);
  return text;
}
