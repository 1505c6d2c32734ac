import { describe, expect, it } from 'vitest';
import { createCredentialCipher, type Database } from '@switchboard/db';
import { noInvalidationPublisher, ssoSettingsFromEnv } from '@switchboard/management';
import { isServedBy, samplePathOf } from '@switchboard/route-allowlist';
import { createLogger, runService } from '@switchboard/service-kit';
import { createBackendApp } from './app.ts';

describe('backend with the management API', () => {
  it('mounts every SPEC §7 route, each inside the backend part of the route table', () => {
    const logger = createLogger('backend', { level: 'silent' });
    const backend = createBackendApp(logger, {
      management: { db: {} as Database, cipher: createCredentialCipher(undefined), configDeployments: [], storeModelInDb: false, publisher: noInvalidationPublisher, logger },
    });
    const paths = backend.routes.map((route) => route.path);
    for (const path of paths) expect(isServedBy('backend', samplePathOf(path)), path).toBe(true);
    for (const path of ['/key/generate', '/key/regenerate', '/user/new', '/team/member_add', '/organization/new', '/budget/new', '/customer/new', '/end_user/new', '/model/new', '/v1/model/info', '/v2/model/info', '/model_group/info', '/spend/logs', '/global/spend/report', '/user/daily/activity', '/audit', '/login', '/logout', '/login/session', '/sso/key/generate', '/sso/callback', '/openapi.json']) {
      expect(paths, path).toContain(path);
    }
  });

  it("tells the login page which provider to offer when SSO is configured, and that none is when it is not", async () => {
    const logger = createLogger('backend', { level: 'silent' });
    const management = { db: {} as Database, cipher: createCredentialCipher(undefined), configDeployments: [], storeModelInDb: false, publisher: noInvalidationPublisher, logger };
    const sso = ssoSettingsFromEnv({ GENERIC_CLIENT_ID: 'dashboard', GENERIC_ISSUER: 'https://idp.example.com', PROXY_BASE_URL: 'https://gateway.example.com', SWITCHBOARD_SSO_PROVIDER_NAME: 'Okta' });
    for (const [deps, expected] of [[{ ...management, sso }, { provider: 'Okta', login_url: '/sso/key/generate' }], [management, null]] as const) {
      const service = await runService(createBackendApp(logger, { management: deps }), { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 100 });
      try {
        const config = await fetch(`http://127.0.0.1:${service.port}/.well-known/switchboard-ui-config`);
        expect((await config.json()).sso).toEqual(expected);
      } finally {
        await service.shutdown('test');
      }
    }
  });
});
