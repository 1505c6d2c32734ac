import { GuardrailUnreachable } from './guardrail-unreachable.ts';

/**
 * POSTs JSON to a guardrail service and returns its parsed JSON answer. Every way the call can fail
 * becomes a GuardrailUnreachable whose message names the failure, never the URL or the body. Redirects are
 * refused: a guardrail service answers where it was configured.
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
  } catch {
    if (signal.aborted && signal.reason instanceof GuardrailUnreachable) throw signal.reason;
    throw new GuardrailUnreachable(signal.aborted ? 'the call was cancelled' : 'could not be reached');
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new GuardrailUnreachable(signal.aborted ? 'timed out reading the answer' : 'the answer was cut off');
  }
  if (!response.ok) throw new GuardrailUnreachable(`answered HTTP ${response.status}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GuardrailUnreachable('answered with a body that is not JSON');
  }
}
