/**
 * What the status page says about a service, from one probe through the front. A service that answers
 * its own readiness (200 or 503 with its JSON) is up or not ready; anything else (the front's 502 when
 * nothing listens, a network error, a timeout) means down.
 */
export type ServiceState = 'up' | 'not ready' | 'down' | 'checking';

export interface ServiceStatus {
  name: 'gateway' | 'backend';
  state: ServiceState;
  detail: string;
}

export const PROBES = {
  gateway: '/health/readiness',
  backend: '/.well-known/switchboard-ui-config',
} as const;

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

function describeDependencies(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as { readiness?: { dependencies?: unknown }; dependencies?: unknown };
  const deps = record.readiness?.dependencies ?? record.dependencies;
  if (typeof deps !== 'object' || deps === null) return '';
  return Object.entries(deps as Record<string, { ok?: boolean; detail?: string }>)
    .map(([name, dep]) => `${name}: ${dep.ok ? 'ok' : (dep.detail ?? 'down')}`)
    .join(', ');
}

export async function probeService(name: ServiceStatus['name'], fetchFn: Fetch = fetch, timeoutMs = 3_000): Promise<ServiceStatus> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchFn(PROBES[name], { cache: 'no-store', signal: controller.signal });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const answeredItself = typeof body === 'object' && body !== null && ('status' in body || 'service' in body);
    if (response.ok && answeredItself) {
      const deps = describeDependencies(body);
      return { name, state: 'up', detail: deps === '' ? 'ready' : deps };
    }
    if (response.status === 503 && answeredItself) {
      const deps = describeDependencies(body);
      return { name, state: 'not ready', detail: deps === '' ? 'not ready' : deps };
    }
    return { name, state: 'down', detail: `unreachable (HTTP ${response.status})` };
  } catch (err) {
    const aborted = err instanceof Error && err.name === 'AbortError';
    return { name, state: 'down', detail: aborted ? 'no answer in time' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
