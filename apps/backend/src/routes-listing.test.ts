import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher, insertKey, insertUser, type UserRole } from '@switchboard/db';
import { createPgliteTestDatabase, type PgliteTestDatabase } from '@switchboard/db-testing';
import { noInvalidationPublisher } from '@switchboard/management';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

const MASTER = 'sk-master-routes-test';
let database: PgliteTestDatabase;
let service: RunningService;
const keys: Partial<Record<UserRole, string>> = {};

beforeAll(async () => {
  database = await createPgliteTestDatabase();
  const logger = createLogger('backend', { level: 'silent' });
  for (const role of ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const) {
    const user = await insertUser(database.db, { role, email: `${role}@example.com` });
    const rawKey = `sk-routes-${role.replace(/_/g, '-')}-0123456789`;
    await insertKey(database.db, { rawKey, userId: user.id });
    keys[role] = rawKey;
  }
  const backend = createBackendApp(logger, {
    management: { db: database.db, cipher: createCredentialCipher(undefined), configDeployments: [], storeModelInDb: false, publisher: noInvalidationPublisher, logger, masterKey: MASTER },
  });
  service = await runService(backend, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
}, 60_000);

afterAll(async () => {
  await service?.shutdown('test');
  await database?.close();
});

const routes = (authorization?: string) => fetch(`http://127.0.0.1:${service.port}/routes`, { headers: authorization ? { authorization } : {} });

describe('backend /routes', () => {
  it('lists the routes for the master key and the proxy admin roles', async () => {
    for (const token of [MASTER, keys.proxy_admin, keys.proxy_admin_viewer]) {
      const res = await routes(`Bearer ${token}`);
      expect(res.status, token).toBe(200);
      expect((await res.json()).routes).toContainEqual({ method: 'post', path: '/key/generate' });
    }
  });

  it('refuses internal users with 403 and anonymous or unknown callers with 401, listing nothing', async () => {
    for (const [authorization, status] of [[`Bearer ${keys.internal_user}`, 403], [`Bearer ${keys.internal_user_viewer}`, 403], [undefined, 401], ['Bearer sk-not-a-real-key-0000', 401]] as const) {
      const res = await routes(authorization);
      expect(res.status, authorization).toBe(status);
      expect(await res.text()).not.toContain('/key/generate');
    }
  });
});
