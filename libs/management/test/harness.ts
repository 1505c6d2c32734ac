import { Writable } from 'node:stream';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { createCredentialCipher, createPostgresTestDatabase, type Database, type OutboxEvent } from '@switchboard/db';
import { createPgliteSocketDatabase } from '@switchboard/db-testing';
import { createLogger, createServiceApp, runService, type RunningService } from '@switchboard/service-kit';
import { createDestinationAllowList } from '@switchboard/telemetry';
import { parseTrustedProxies } from '../src/auth/client-source.ts';
import { loginAttemptsFromEnv } from '../src/auth/login-attempts-from-env.ts';
import { verifyPassword } from '../src/auth/password-hash.ts';
import { createInvalidationPublisher } from '../src/changes/invalidation-publisher.ts';
import { mountManagementApi } from '../src/index.ts';
import type { SsoSettings } from '../src/sso/sso-settings.ts';
import type { ManagementDeps } from '../src/deps.ts';
import { createChangeAlerts, type ChangeAlerts } from '../src/changes/change-alerts.ts';

export const MASTER_KEY = 'sk-master-test-0123456789abcdef';

export interface Harness {
  base: string;
  db: Database;
  pool: Pool;
  logs: string[];
  published: OutboxEvent[];
  /** The database's URL, for a second harness on the same database (`sameDatabaseAs`). */
  databaseUrl: string;
  /** How many password hashes login attempts have cost this instance. */
  readonly passwordChecks: number;
  /** The management-event alerts, when `alerting` was given. */
  changeAlerts?: ChangeAlerts;
  call(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  storeModelInDb?: boolean;
  saltKey?: string | undefined;
  engine?: 'postgres' | 'pglite';
  /** Another replica of the backend: this instance uses that harness's database (which that harness drops). */
  sameDatabaseAs?: Harness;
  /** Login attempts counted in Redis under this key prefix, as a backend with REDIS_URL counts them. */
  loginRedis?: { url: string; prefix: string };
  /** SWITCHBOARD_TRUSTED_PROXIES, e.g. "127.0.0.1" so a test can name its source in X-Forwarded-For. */
  trustedProxies?: string;
  /** The dashboard's OIDC login (ssoSettingsFromEnv). */
  sso?: SsoSettings;
  /** The port to listen on (0, any free one, when absent), for settings that must name it before the start. */
  port?: number;
  /** `disable_master_key_ui_login`: the dashboard refuses the master key as a login. */
  masterKeyUiLoginDisabled?: boolean;
  /** The config file's sections (`buildGatewayConfig(...).sections`) that `/config/update` lays its settings over. */
  configSections?: ManagementDeps['configSections'];
  /** `general_settings.logging_destination_allowlist`: where a non-admin's logging callbacks may send calls. */
  loggingDestinations?: string[];
  /** The config file's `credential_list`. */
  configCredentials?: ManagementDeps['configCredentials'];
  /** Management-event alerts (createChangeAlerts) from `configSections` and this environment, posted to `post`. */
  alerting?: { env: Record<string, string>; post(url: string, body: string): Promise<void> };
}

/** The backend's management API in-process on port 0, against a fresh clone of the migrated test database. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // PostgreSQL: a clone of the migrated template; PGlite: the embedded database as npm start serves it.
  const database: { url: string; drop(): Promise<void> } = options.sameDatabaseAs
    ? { url: options.sameDatabaseAs.databaseUrl, drop: async () => undefined }
    : options.engine === 'pglite'
      ? await createPgliteSocketDatabase().then((pglite) => ({ url: pglite.url, drop: () => pglite.close() }))
      : await createPostgresTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 5 });
  // close() drops the database WITH (FORCE): a connection still open then is terminated on purpose, and
  // its error must not surface as an unhandled one (openDatabase listens the same way in the apps).
  const ignoreTermination = () => undefined;
  pool.on('error', ignoreTermination);
  pool.on('connect', (client) => client.on('error', ignoreTermination));
  const db = drizzle({ client: pool }) as unknown as Database;
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('backend', { level: 'debug', destination });
  const published: OutboxEvent[] = [];
  const publisher = createInvalidationPublisher(async (_channel, message) => published.push(JSON.parse(message) as OutboxEvent), logger);
  const loginAttempts = options.loginRedis ? loginAttemptsFromEnv({ REDIS_URL: options.loginRedis.url }, logger, { prefix: options.loginRedis.prefix }) : undefined;
  let passwordChecks = 0;
  const changeAlerts = options.alerting
    ? createChangeAlerts({ db, sections: options.configSections ?? { routerSettings: {}, litellmSettings: {}, generalSettings: {} }, env: options.alerting.env, logger, post: options.alerting.post, flushMs: 5 })
    : undefined;
  const service = createServiceApp('backend', logger);
  mountManagementApi(service, {
    db,
    cipher: createCredentialCipher('saltKey' in options ? options.saltKey : 'test-salt-key-0123456789'),
    masterKey: MASTER_KEY,
    configDeployments: [
      { id: 'cfg-1', modelGroup: 'gpt-4o', provider: 'openai', model: 'gpt-4o', apiKey: 'sk-config-secret-value', timeoutMs: 60_000, prices: {}, params: {}, modelInfo: {}, source: 'config' },
    ],
    storeModelInDb: options.storeModelInDb ?? true,
    publisher,
    loginAttempts,
    trustedProxies: parseTrustedProxies(options.trustedProxies),
    verifyPassword: (password, stored) => {
      passwordChecks++;
      return verifyPassword(password, stored);
    },
    sso: options.sso,
    ...(options.masterKeyUiLoginDisabled ? { masterKeyUiLoginDisabled: true } : {}),
    ...(options.configSections ? { configSections: options.configSections } : {}),
    ...(options.configCredentials ? { configCredentials: options.configCredentials } : {}),
    ...(options.loggingDestinations ? { loggingDestinations: createDestinationAllowList(options.loggingDestinations) } : {}),
    ...(changeAlerts ? { changeAlerts, env: options.alerting?.env } : {}),
    logger,
  });
  const running: RunningService = await runService(service, { port: options.port ?? 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
  const base = `http://127.0.0.1:${running.port}`;
  return {
    base,
    db,
    pool,
    logs,
    published,
    databaseUrl: database.url,
    ...(changeAlerts ? { changeAlerts } : {}),
    get passwordChecks() {
      return passwordChecks;
    },
    async call(method, path, { key = MASTER_KEY, body, headers = {} } = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async close() {
      await running.shutdown('test');
      await loginAttempts?.close();
      await changeAlerts?.close();
      await pool.end();
      await database.drop();
    },
  };
}

/** Every text value in every table of the database, for "this secret is stored nowhere" checks. */
export async function dumpAllTables(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
  const parts: string[] = [];
  for (const { table_name } of rows) {
    const result = await pool.query(`select row_to_json(t)::text as row from "${table_name.replace(/"/g, '')}" t`);
    for (const row of result.rows as Array<{ row: string }>) parts.push(row.row);
  }
  return parts.join('\n');
}
