import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startLauncher, type LauncherStack } from './launcher-stack.ts';
import { startOidcTestProvider, type OidcTestProvider } from './oidc-test-provider.ts';

/**
 * Issue 23 in Chromium through the single origin (`npm start`'s front): "Sign in with <provider>" on the login
 * page, the provider's own login form, the callback, and the dashboard with the just-in-time user's session.
 * The provider runs on `localhost` and the front on `127.0.0.1`: two sites, as a real identity provider and a
 * gateway are, so the cookies cross the redirects the way they do in production.
 */
const MASTER_KEY = 'sk-e2e-sso-master-0123456789';
const FRONT = 3350;
const BASE = `http://127.0.0.1:${FRONT}`;

let stack: LauncherStack;
let provider: OidcTestProvider;
let scratch: string;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'switchboard-e2e-sso-'));
  const configPath = join(scratch, 'config.yaml');
  writeFileSync(configPath, 'model_list:\n  - model_name: plain\n    litellm_params: { model: mock/p, mock_response: "p" }\n');
  provider = await startOidcTestProvider({
    host: 'localhost',
    clientId: 'switchboard-e2e',
    clientSecret: 'e2e-client-secret-0123456789',
    redirectUri: `${BASE}/sso/callback`,
    accounts: { erin: { email: 'erin@example.com', groups: ['gw-admins'] }, mallory: { email: 'mallory@elsewhere.test', groups: [] } },
  });
  stack = await startLauncher(
    { front: FRONT, gateway: 4350, backend: 4351 },
    {
      env: {
        SWITCHBOARD_MASTER_KEY: MASTER_KEY,
        CONFIG_FILE_PATH: configPath,
        GENERIC_CLIENT_ID: 'switchboard-e2e',
        GENERIC_CLIENT_SECRET: 'e2e-client-secret-0123456789',
        GENERIC_ISSUER: provider.issuer,
        GENERIC_SCOPE: 'openid email groups',
        PROXY_BASE_URL: BASE,
        ALLOWED_EMAIL_DOMAINS: 'example.com',
        SWITCHBOARD_SSO_ROLE_MAPPINGS: JSON.stringify({ 'gw-admins': 'proxy_admin_viewer' }),
        SWITCHBOARD_SSO_PROVIDER_NAME: 'Test IdP',
      },
    },
  );
});

test.afterAll(async () => {
  await stack?.stop();
  await provider?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function signIn(page: import('@playwright/test').Page, account: string): Promise<void> {
  await page.goto(`${BASE}/ui/login/`);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL(/localhost/);
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

test('signs in with the provider in Chromium: a just-in-time user with the mapped role, on the dashboard', async ({ page }) => {
  await signIn(page, 'erin');
  await page.waitForURL(`${BASE}/ui/**`);
  const session = await page.evaluate(async () => (await fetch('/login/session')).json());
  expect(session).toMatchObject({ user_role: 'proxy_admin_viewer', via: 'session' });
  // The dashboard itself is signed in: it shows the signed-in shell, not the login form.
  await expect(page.getByRole('link', { name: 'Sign in with Test IdP' })).toHaveCount(0);
});

test('refuses an e-mail outside ALLOWED_EMAIL_DOMAINS, with no session and no token in the answer', async ({ page }) => {
  await signIn(page, 'mallory');
  await page.waitForURL(/\/sso\/callback/);
  const text = await page.locator('body').innerText();
  expect(text).toContain('sso_email_domain_not_allowed');
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  const session = await page.evaluate(async () => (await fetch('/login/session')).status);
  expect(session).toBe(401);
});
