import { openCallbackSecrets, type KeyRecord } from '@switchboard/db';
import { hasLoggingMetadata, loggingFieldsOf, loggingSetByAdmin } from '@switchboard/permissions';
import type { ServiceApp } from '@switchboard/service-kit';
import { parseOwnerLogging, sendTestLog, testLoggedCall } from '@switchboard/telemetry';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { loggingDestinationsOf } from '../permissions/logging-metadata.ts';

type Health = 'healthy' | 'unhealthy';

/** LiteLLM's KeyHealthResponse. */
interface KeyHealth {
  key: Health;
  logging_callbacks: { callbacks: string[]; status: Health; details: string } | null;
}

/** How long one sink may take to take the test log. */
const TEST_LOG_TIMEOUT_MS = 5_000;

/** The callback names the key's logging settings name, in order (LiteLLM lists `metadata.logging`'s `callback_name`s). */
function callbackNamesOf(logging: Record<string, unknown>): string[] {
  const names = new Set<string>();
  if (Array.isArray(logging.logging)) {
    for (const entry of logging.logging) {
      const name = (entry as { callback_name?: unknown } | null)?.callback_name;
      if (typeof name === 'string') names.add(name);
    }
  }
  const settings = logging.callback_settings as Record<string, unknown> | undefined;
  for (const list of ['callbacks', 'success_callback', 'failure_callback']) {
    const named = settings?.[list];
    if (Array.isArray(named)) for (const name of named) if (typeof name === 'string') names.add(name);
  }
  return [...names];
}

/**
 * What is wrong with a key's logging, as the gateway will use it: secrets that no longer decrypt (the salt key
 * changed), settings the gateway would leave out (a destination taken off the allow-list since they were written),
 * and sinks that do not take a test log. Empty when the logging works.
 */
async function loggingProblems(deps: ManagementDeps, key: KeyRecord): Promise<string[]> {
  let opened: Record<string, unknown>;
  try {
    opened = openCallbackSecrets(loggingFieldsOf(key.metadata), deps.cipher);
  } catch (error) {
    return [`the stored callback secrets cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`];
  }
  const parsed = parseOwnerLogging(opened, { owner: `key ${key.alias ?? key.keyName}`, setByAdmin: loggingSetByAdmin(key.metadata), allowList: loggingDestinationsOf(deps) });
  const problems = [...parsed.problems];
  const call = testLoggedCall('/key/health', { keyHash: key.hash, ...(key.alias ? { keyAlias: key.alias } : {}), ...(key.teamId ? { teamId: key.teamId } : {}), ...(key.userId ? { userId: key.userId } : {}) });
  const delivered = await Promise.all(parsed.sinks.map((sink) => sendTestLog(sink, call, TEST_LOG_TIMEOUT_MS)));
  for (const failure of delivered) if (failure !== undefined) problems.push(failure);
  return problems;
}

/**
 * LiteLLM's `/key/health`: whether the key's own logging callbacks (`metadata.logging`, or the team form
 * `metadata.callback_settings`) work. Each sink gets one test log through the gateway's own transport; LiteLLM runs
 * a mock completion instead and reports logger errors. A caller without a key (the master key, a dashboard session)
 * or a key without logging settings is healthy with `logging_callbacks: null`. The key's secrets are never shown:
 * a problem names the setting, not its value.
 */
export function mountKeyHealthRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/health'],
    summary: "Checks the calling key's logging callbacks by sending each a test log (LiteLLM's key health)",
    async handler({ caller }): Promise<KeyHealth> {
      // Every role may read its own key; the check reads nothing but the key that made the call.
      authorize(caller, 'key:read');
      const key = caller.key;
      if (!key || !hasLoggingMetadata(key.metadata)) return { key: 'healthy', logging_callbacks: null };
      const callbacks = callbackNamesOf(loggingFieldsOf(key.metadata));
      const problems = await loggingProblems(deps, key);
      if (problems.length > 0) return { key: 'unhealthy', logging_callbacks: { callbacks, status: 'unhealthy', details: `Logging test failed: ${problems.join('; ')}` } };
      return { key: 'healthy', logging_callbacks: { callbacks, status: 'healthy', details: `A test log was delivered to ${callbacks.join(', ')}; check that it arrived.` } };
    },
  });
}
