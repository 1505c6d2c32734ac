import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import { addTeamMember, findUserByEmail, insertTeam, listTeamsOfUser, requirePostgres, updateUser, USER_ACTIVE_FLAG } from '@switchboard/db';
import { ssoSettingsFromEnv } from '../src/sso/sso-settings.ts';
import { signSsoState, ssoStateKey } from '../src/sso/sso-state-cookie.ts';
import { MASTER_KEY, startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

const CLIENT_ID = 'switchboard-dashboard';
const CLIENT_SECRET = 'dashboard-client-secret-0123456789';
const ACCOUNTS: Record<string, { email: string; groups: string[] }> = {
  alice: { email: 'alice@example.com', groups: ['gw-admins', 'staff'] },
  bob: { email: 'bob@example.com', groups: ['staff'] },
  mallory: { email: 'mallory@elsewhere.test', groups: ['gw-admins'] },
};

/** A free port, so the backend's PROXY_BASE_URL can be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Cookies by name, as a browser keeps them for one site (paths ignored: each jar serves one host). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

interface Browser {
  backend: CookieJar;
  provider: CookieJar;
}

async function get(jar: CookieJar, url: string): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(response);
  return response;
}

describe.skipIf(!postgres.available)('dashboard SSO against a real OIDC provider (oidc-provider, PostgreSQL)', () => {
  let h: Harness;
  let providerServer: Server;
  let issuer: string;
  let backendBase: string;

  beforeAll(async () => {
    const backendPort = await freePort();
    backendBase = `http://127.0.0.1:${backendPort}`;
    providerServer = createServer();
    await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${backendBase}/sso/callback`], token_endpoint_auth_method: 'client_secret_post' }],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
      scopes: ['openid', 'email', 'groups'],
      findAccount: (_ctx, id) => {
        const account = ACCOUNTS[id];
        return account ? { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: true, groups: account.groups }) } : undefined;
      },
      // Consent is granted by the test's "user" up front: the flow under test is ours, not the consent screen.
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope('openid email groups');
        await grant.save();
        return grant;
      },
    });
    providerServer.on('request', provider.callback());
    const sso = ssoSettingsFromEnv({
      GENERIC_CLIENT_ID: CLIENT_ID,
      GENERIC_CLIENT_SECRET: CLIENT_SECRET,
      GENERIC_ISSUER: issuer,
      GENERIC_SCOPE: 'openid email groups',
      PROXY_BASE_URL: backendBase,
      ALLOWED_EMAIL_DOMAINS: 'example.com',
      SWITCHBOARD_SSO_ROLE_MAPPINGS: JSON.stringify({ 'gw-admins': 'proxy_admin_viewer' }),
      SWITCHBOARD_SSO_TEAM_MAPPINGS: JSON.stringify({ 'team-eng': 'sso-team-eng' }),
    });
    h = await startHarness({ sso, port: backendPort });
    await insertTeam(h.db, { id: 'sso-team-eng', alias: 'eng' });
    await insertTeam(h.db, { id: 'sso-team-manual', alias: 'manual' });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((resolve) => providerServer?.close(() => resolve()));
  });

  /** Starts the login, signs in at the provider as `account`, and returns the callback URL the provider sends the browser to. */
  async function signInAtProvider(browser: Browser, account: string): Promise<string> {
    const start = await get(browser.backend, `${backendBase}/sso/key/generate`);
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    expect(authorization.origin).toBe(issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    let response = await get(browser.provider, authorization.href);
    // The provider's login interaction (its development form), then its redirects back to us.
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider stopped at ${response.status}`);
      const next = new URL(location, issuer);
      if (next.origin === backendBase) return next.href;
      if (next.pathname.startsWith('/interaction/')) {
        await get(browser.provider, next.href);
        response = await fetch(next.href, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: browser.provider.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ prompt: 'login', login: account, password: 'any' }),
        });
        browser.provider.store(response);
      } else {
        response = await get(browser.provider, next.href);
      }
    }
    throw new Error('too many redirects at the provider');
  }

  const newBrowser = (): Browser => ({ backend: new CookieJar(), provider: new CookieJar() });

  it('says SSO is configured; a login creates the user just in time with the mapped role and a working session', async () => {
    const browser = newBrowser();
    const callback = await signInAtProvider(browser, 'alice');
    const landed = await get(browser.backend, callback);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`${backendBase}/ui/`);
    expect(browser.backend.get('switchboard_session')).toBeTruthy();
    expect(browser.backend.get('switchboard_sso')).toBeUndefined();

    const session = await h.call('GET', '/login/session', { key: '', headers: { cookie: browser.backend.header() } });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user_role: 'proxy_admin_viewer', via: 'session' });
    // An authenticated management route answers the session cookie.
    const users = await h.call('GET', '/user/list', { key: '', headers: { cookie: browser.backend.header() } });
    expect(users.status).toBe(200);
    const user = await findUserByEmail(h.db, 'alice@example.com');
    expect(user?.role).toBe('proxy_admin_viewer');
    expect(user?.id).toBe(session.body.user_id);
  });

  it('re-applies the mapping at each login: without a mapped group the user gets the default role', async () => {
    const first = newBrowser();
    await get(first.backend, await signInAtProvider(first, 'bob'));
    expect((await findUserByEmail(h.db, 'bob@example.com'))?.role).toBe('internal_user_viewer');
    ACCOUNTS.bob!.groups = ['gw-admins'];
    const second = newBrowser();
    await get(second.backend, await signInAtProvider(second, 'bob'));
    expect((await findUserByEmail(h.db, 'bob@example.com'))?.role).toBe('proxy_admin_viewer');
    ACCOUNTS.bob!.groups = [];
    const third = newBrowser();
    await get(third.backend, await signInAtProvider(third, 'bob'));
    expect((await findUserByEmail(h.db, 'bob@example.com'))?.role).toBe('internal_user_viewer');
  });

  it('joins the teams the claims map to at each login, and leaves only the mapped ones the claims no longer give', async () => {
    ACCOUNTS.carol = { email: 'carol@example.com', groups: ['team-eng'] };
    const teamsOf = async () => (await listTeamsOfUser(h.db, (await findUserByEmail(h.db, 'carol@example.com'))!.id)).map((m) => m.teamId).sort();
    const first = newBrowser();
    await get(first.backend, await signInAtProvider(first, 'carol'));
    expect(await teamsOf()).toEqual(['sso-team-eng']);
    await addTeamMember(h.db, { teamId: 'sso-team-manual', userId: (await findUserByEmail(h.db, 'carol@example.com'))!.id, role: 'user' });
    ACCOUNTS.carol.groups = [];
    const second = newBrowser();
    await get(second.backend, await signInAtProvider(second, 'carol'));
    expect(await teamsOf()).toEqual(['sso-team-manual']);
  });

  it('refuses a user SCIM deactivated: no session', async () => {
    const first = newBrowser();
    await get(first.backend, await signInAtProvider(first, 'bob'));
    const bob = (await findUserByEmail(h.db, 'bob@example.com'))!;
    await updateUser(h.db, bob.id, { metadata: { ...bob.metadata, [USER_ACTIVE_FLAG]: false } });
    const again = newBrowser();
    const refused = await get(again.backend, await signInAtProvider(again, 'bob'));
    expect(refused.status).toBe(403);
    expect(again.backend.get('switchboard_session')).toBeUndefined();
    await updateUser(h.db, bob.id, { metadata: { ...bob.metadata, [USER_ACTIVE_FLAG]: true } });
  });

  it('refuses a tampered state, and the error carries no code or token', async () => {
    const browser = newBrowser();
    const callback = new URL(await signInAtProvider(browser, 'alice'));
    const code = callback.searchParams.get('code')!;
    callback.searchParams.set('state', 'tampered-state-value');
    const refused = await get(browser.backend, callback.href);
    expect(refused.status).toBe(401);
    const text = await refused.text();
    expect(JSON.parse(text).error.code).toBe('sso_callback_invalid');
    expect(text).not.toContain(code);
    expect(browser.backend.get('switchboard_session')).toBeUndefined();
  });

  it('refuses a callback without the browser-bound state cookie (a login started elsewhere)', async () => {
    const browser = newBrowser();
    const callback = await signInAtProvider(browser, 'alice');
    const refused = await get(new CookieJar(), callback);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('sso_state_missing');
  });

  it('refuses a forged state cookie', async () => {
    const browser = newBrowser();
    const callback = await signInAtProvider(browser, 'alice');
    const [payload] = browser.backend.get('switchboard_sso')!.split('.');
    browser.backend.set('switchboard_sso', `${payload}.forged-signature`);
    const refused = await get(browser.backend, callback);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('sso_state_missing');
  });

  it('refuses an ID token whose nonce is not the one this browser sent (a state cookie re-signed with another nonce)', async () => {
    const browser = newBrowser();
    const callback = await signInAtProvider(browser, 'alice');
    const [payload] = browser.backend.get('switchboard_sso')!.split('.');
    const login = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const swapped = Buffer.from(JSON.stringify({ ...login, nonce: 'another-nonce-value' })).toString('base64url');
    browser.backend.set('switchboard_sso', `${swapped}.${signSsoState(ssoStateKey(MASTER_KEY), swapped)}`);
    const refused = await get(browser.backend, callback);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('sso_callback_invalid');
    expect(browser.backend.get('switchboard_session')).toBeUndefined();
  });

  it('refuses an e-mail outside ALLOWED_EMAIL_DOMAINS and creates no user', async () => {
    const browser = newBrowser();
    const callback = await signInAtProvider(browser, 'mallory');
    const refused = await get(browser.backend, callback);
    expect(refused.status).toBe(403);
    const text = await refused.text();
    expect(JSON.parse(text).error.code).toBe('sso_email_domain_not_allowed');
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toContain(new URL(callback).searchParams.get('code')!);
    expect(browser.backend.get('switchboard_session')).toBeUndefined();
    expect(await findUserByEmail(h.db, 'mallory@elsewhere.test')).toBeUndefined();
  });
});

describe.skipIf(!postgres.available)('dashboard SSO when it is not configured (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/sso/key/generate answers 404 saying so', async () => {
    const response = await h.call('GET', '/sso/key/generate', { key: '' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('sso_not_configured');
  });
});

describe.skipIf(!postgres.available)('disable_master_key_ui_login', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ masterKeyUiLoginDisabled: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses the master key as a dashboard login, both ways, while it still works as an API key', async () => {
    for (const body of [{ master_key: MASTER_KEY }, { username: 'admin', password: MASTER_KEY }]) {
      const res = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(Object.keys(body))).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const viaKey = await fetch(`${h.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ master_key: MASTER_KEY }) });
    expect(((await viaKey.json()) as { error: { code: string } }).error.code).toBe('master_key_login_disabled');
    expect((await h.call('GET', '/user/list')).status).toBe(200);
  });
});
