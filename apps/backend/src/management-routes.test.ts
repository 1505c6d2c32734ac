import { describe, expect, it } from 'vitest';
import { createCredentialCipher, type Database } from '@switchboard/db';
import { noInvalidationPublisher } from '@switchboard/management';
import { isServedBy, samplePathOf } from '@switchboard/route-allowlist';
import { createLogger } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

describe('backend with the management API', () => {
  it('mounts every SPEC §7 route, each inside the backend part of the route table', () => {
    const logger = createLogger('backend', { level: 'silent' });
    const backend = createBackendApp(logger, {
      management: { db: {} as Database, cipher: createCredentialCipher(undefined), configDeployments: [], storeModelInDb: false, publisher: noInvalidationPublisher, logger },
    });
    const paths = backend.routes.map((route) => route.path);
    for (const path of paths) expect(isServedBy('backend', samplePathOf(path)), path).toBe(true);
    for (const path of ['/key/generate', '/key/regenerate', '/user/new', '/team/member_add', '/organization/new', '/budget/new', '/customer/new', '/end_user/new', '/model/new', '/v1/model/info', '/v2/model/info', '/model_group/info', '/spend/logs', '/global/spend/report', '/user/daily/activity', '/audit', '/login', '/logout', '/login/session', '/openapi.json']) {
      expect(paths, path).toContain(path);
    }
  });
});
