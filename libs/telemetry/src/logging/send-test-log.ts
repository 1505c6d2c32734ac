import { randomUUID } from 'node:crypto';
import type { SinkSettings } from '../settings/telemetry-settings.ts';
import { createTransport } from './create-transport.ts';
import type { LoggedCall } from './logged-call.ts';

/**
 * Delivers one call to one sink now, through the transport the gateway's dispatcher uses (same payload, headers,
 * redirect and timeout rules), and says what went wrong: undefined when the sink took it. For `/key/health`, which
 * tells a key's owner whether the logging they set up works; a test log is the only way to learn that a host is
 * reachable and takes the credentials. A Langfuse that answers 207 with per-event errors counts as a failure.
 */
export async function sendTestLog(sink: SinkSettings, call: LoggedCall, timeoutMs: number): Promise<string | undefined> {
  let rejected: string | undefined;
  const transport = createTransport(sink, { timeoutMs, onRejectedEvents: (count, first) => (rejected = `${sink.name} refused ${count} event(s): ${first}`) });
  try {
    await transport.send([call]);
    return rejected;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    transport.close?.();
  }
}

/**
 * The call a test log carries: marked as a test by its route and model, no model called, nothing billed. `who`: the
 * key (hash, alias) and team and user it is logged for, when it is one key's logging being tested.
 */
export function testLoggedCall(route: string, who: Pick<LoggedCall, 'keyHash' | 'keyAlias' | 'teamId' | 'userId'> = {}): LoggedCall {
  const now = Date.now();
  const name = route.replace(/^\//, '').replace(/\//g, '-');
  return {
    requestId: randomUUID(),
    route,
    startTime: now,
    endTime: now,
    requestedModel: `switchboard-${name}-test`,
    cost: '0',
    status: 200,
    ...who,
    messages: [{ role: 'user', content: `A test log from ${route}. No model was called for it.` }],
    responseText: 'test response',
  };
}
