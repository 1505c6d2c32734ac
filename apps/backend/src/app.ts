import type { Logger } from 'pino';
import { mountManagementApi, type ManagementDeps } from '@switchboard/management';
import { createServiceApp, type DependencyCheck, type ServiceApp } from '@switchboard/service-kit';
import type { HttpRequestTracing } from '@switchboard/telemetry';
import { requireAdminCaller } from './require-admin-caller.ts';

export interface BackendDependencies {
  /** The database's readiness probe (`openDatabase(...).check`). */
  database?: { check: DependencyCheck };
  /** The management API (SPEC §7): mounted when given. */
  management?: ManagementDeps;
  /** A server span around every request (createBackendTracing); absent when tracing is off. */
  requests?: HttpRequestTracing;
}

/** The same app, its listener wrapped once in the request spans. */
function withRequestSpans(backend: ServiceApp, requests: HttpRequestTracing): ServiceApp {
  let traced: ReturnType<ServiceApp['finalize']> | undefined;
  return { ...backend, finalize: () => (traced ??= requests.traceListener(backend.finalize())) };
}

/** The management API's composition root. */
export function createBackendApp(logger: Logger, { database, management, requests }: BackendDependencies = {}): ServiceApp {
  const backend = createServiceApp('backend', logger);
  if (database) backend.health.addCheck('database', () => database.check());

  // What the dashboard reads before login: whether the backend is ready and which sign-in modes exist.
  backend.route('get', '/.well-known/switchboard-ui-config', async (_req, res) => {
    const { ready, body } = await backend.health.readiness();
    res.setHeader('Cache-Control', 'no-store');
    // The login page offers "Sign in with <provider>" when SSO is configured.
    const sso = management?.sso ? { provider: management.sso.providerName, login_url: '/sso/key/generate' } : null;
    res.json({ service: 'backend', ready, readiness: body, sso, master_key_login: !management?.masterKeyUiLoginDisabled });
  });
  if (management) {
    mountManagementApi(backend, management);
    backend.mountRouteListing(requireAdminCaller(management));
  }
  return requests ? withRequestSpans(backend, requests) : backend;
}
