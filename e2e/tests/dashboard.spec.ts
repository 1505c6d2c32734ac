import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectFieldError, loginWithMasterKey, loginWithPassword, navTo, nginxCsp, refreshUntil, screenshot, watchForTrouble } from './dashboard-helpers.ts';
import { startLauncher, type LauncherStack } from './launcher-stack.ts';

/**
 * The admin dashboard against the stack `npm start` runs (embedded database, config/switchboard.yaml and
 * its mock models): one admin session walks through the pages in order, then a viewer and an expired
 * session are checked. Every page is screenshotted to dist/e2e/screenshots/.
 */
const MASTER_KEY = 'sk-e2e-master-key-0123456789';
const XSS_TEAM = '<img src=x onerror=alert(1)>';
const VIEWER = { id: 'viewer-e2e', password: 'viewer-pass-123' };
const LAPTOP = { width: 1280, height: 800 };

test.describe.configure({ mode: 'serial' });

let stack: LauncherStack;
let base: string;
let admin: BrowserContext;
let page: Page;
let trouble: ReturnType<typeof watchForTrouble>;
let rawKey = '';

test.beforeAll(async ({ browser }) => {
  stack = await startLauncher(
    { front: 3320, gateway: 4320, backend: 4321 },
    { env: { SWITCHBOARD_MASTER_KEY: MASTER_KEY, CONFIG_FILE_PATH: 'config/switchboard.yaml', STORE_MODEL_IN_DB: 'true', SWITCHBOARD_SALT_KEY: 'e2e-salt-key-0123456789abcdef', STORE_PROMPTS_IN_SPEND_LOGS: 'true' } },
  );
  base = stack.baseUrl;
  admin = await browser.newContext({ viewport: LAPTOP });
  page = await admin.newPage();
  trouble = watchForTrouble(page);
});

test.afterAll(async () => {
  await admin?.close();
  await stack?.stop();
});

test.afterEach(() => {
  // Nothing may ever run user data as code, and the UI must work under its own CSP.
  expect(trouble.dialogs).toEqual([]);
  expect(trouble.cspViolations).toEqual([]);
  expect(trouble.pageErrors).toEqual([]);
});

test('the dashboard is served with the same CSP as the UI image, plus nosniff and frame-ancestors none', async ({ request }) => {
  for (const path of ['/ui/login/', '/ui/keys/']) {
    const response = await request.get(`${base}${path}`);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-security-policy']).toBe(nginxCsp());
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
  }
});

test('a visitor lands on Login, which explains mistakes in words', async () => {
  await page.goto(`${base}/ui/keys/`);
  await expect(page).toHaveURL(`${base}/ui/login/?next=%2Fui%2Fkeys%2F`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectFieldError(page, 'Master key', 'Enter the master key.');
  await page.getByLabel('Master key', { exact: true }).fill('sk-not-the-master-key');
  await page.getByLabel('Master key', { exact: true }).press('Enter');
  await expect(page.locator('form').getByRole('alert')).toHaveText('That master key is not right.');
  await page.getByRole('button', { name: 'Username and password' }).click();
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectFieldError(page, 'Username or email', 'Enter your username or email.');
  await expectFieldError(page, 'Password', 'Enter your password.');
  await screenshot(page, 'login');
});

test('the admin logs in with the master key and sees the services on the dashboard home', async () => {
  await loginWithMasterKey(page, base, MASTER_KEY, '/ui/keys/');
  expect(await page.evaluate(() => document.cookie)).not.toContain('switchboard_session');
  await navTo(page, 'Dashboard');
  await expect(page).toHaveURL(`${base}/ui/`);
  await expect(page.getByTestId('state-gateway')).toHaveText('up');
  await expect(page.getByTestId('state-backend')).toHaveText('up');
  await expect(page.getByTestId('current-role')).toHaveText('Admin');
  await expect(page.getByTestId('current-user')).toHaveText('master key');
  await screenshot(page, 'home');
});

test('teams: the form checks its fields; a team named like markup renders as text', async () => {
  await navTo(page, 'Teams');
  await expect(page.getByText('No teams yet.')).toBeVisible();
  await page.getByRole('button', { name: '+ Create team' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a team' });
  await dialog.getByLabel('Max budget (USD)').fill('-5');
  await dialog.getByLabel('Budget resets every').fill('weekly');
  await dialog.getByLabel('Requests per minute').fill('1.5');
  await dialog.getByRole('button', { name: 'Create team' }).click();
  await expectFieldError(dialog, 'Team name', 'Enter a team name.');
  await expectFieldError(dialog, 'Max budget (USD)', 'Must not be negative.');
  await expectFieldError(dialog, 'Budget resets every', /^Use a number and a unit/);
  await expectFieldError(dialog, 'Requests per minute', 'Enter a whole number, such as 100.');
  await expect(dialog.getByLabel('Team name')).toBeFocused();
  await screenshot(page, 'teams-form-errors');
  await dialog.getByLabel('Team name').fill(XSS_TEAM);
  await dialog.getByLabel('Max budget (USD)').fill('50');
  await dialog.getByLabel('Budget resets every').fill('30d');
  await dialog.getByLabel('Requests per minute').fill('100');
  await dialog.getByLabel('Team name').press('Enter');
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('teams-table').getByRole('link', { name: XSS_TEAM });
  await expect(row).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await screenshot(page, 'teams');
  await row.click();
  await expect(page.getByRole('heading', { name: XSS_TEAM })).toBeVisible();
});

test('users: invite validates email and password, then creates a viewer and an internal user', async () => {
  await navTo(page, 'Internal Users');
  await page.getByRole('button', { name: '+ Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite a user' });
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Password', { exact: true }).fill('short');
  await dialog.getByRole('button', { name: 'Invite user' }).click();
  await expectFieldError(dialog, 'Email', /^Enter an email address/);
  await expectFieldError(dialog, 'Password', 'Use at least 8 characters.');
  await screenshot(page, 'users-form-errors');
  await dialog.getByLabel('User ID').fill(VIEWER.id);
  await dialog.getByLabel('Email').fill('viewer@example.com');
  await dialog.getByLabel('Role').selectOption('proxy_admin_viewer');
  await dialog.getByLabel('Password', { exact: true }).fill(VIEWER.password);
  await dialog.getByRole('button', { name: 'Invite user' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: '+ Invite user' }).click();
  const second = page.getByRole('dialog', { name: 'Invite a user' });
  await second.getByLabel('User ID').fill('alice');
  await second.getByLabel('Email').fill('alice@example.com');
  await second.getByLabel(XSS_TEAM, { exact: false }).check();
  await second.getByRole('button', { name: 'Invite user' }).click();
  await expect(second).toBeHidden();
  const table = page.getByTestId('users-table');
  await expect(table.getByRole('link', { name: VIEWER.id })).toBeVisible();
  await expect(table.getByRole('link', { name: 'alice' })).toBeVisible();
  await screenshot(page, 'users');
  await table.getByRole('link', { name: 'alice' }).click();
  await expect(page.getByRole('link', { name: XSS_TEAM })).toBeVisible();
  await expect(page.getByText('(member)')).toBeVisible();
  await screenshot(page, 'user-detail');
});

test('team members: add one by id (the form refuses an empty member) and see the roles', async () => {
  await navTo(page, 'Teams');
  await page.getByTestId('teams-table').getByRole('link', { name: XSS_TEAM }).click();
  await expect(page.getByTestId('members-table').getByText('alice')).toBeVisible();
  await page.getByRole('button', { name: '+ Add member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a member' });
  await dialog.getByRole('button', { name: 'Add member' }).click();
  await expectFieldError(dialog, 'User ID or email', 'Enter a user ID or an email address.');
  await dialog.getByLabel('User ID or email').fill('viewer@example.com');
  await dialog.getByLabel('Role in the team').selectOption('admin');
  await dialog.getByRole('button', { name: 'Add member' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('members-table').getByText(VIEWER.id)).toBeVisible();
  // The new member's own row says Admin (the team's creator, the master key's user, is an admin too).
  await expect(page.getByTestId('members-table').getByRole('row').filter({ hasText: VIEWER.id }).getByText('Admin', { exact: true })).toBeVisible();
  // The team's models (LiteLLM's /team/model/add and /delete): added, shown, removed again so later tests see
  // the team unrestricted as before.
  await page.getByRole('button', { name: '+ Add models' }).click();
  const models = page.getByRole('dialog', { name: 'Add models' });
  await models.getByRole('button', { name: 'Add models' }).click();
  await expectFieldError(models, 'Models', 'Enter at least one model.');
  await models.getByLabel('Models', { exact: true }).fill('o1');
  await models.getByRole('button', { name: 'Add models' }).click();
  await expect(models).toBeHidden();
  await expect(page.getByTestId('team-models-table').getByText('o1', { exact: true })).toBeVisible();
  await screenshot(page, 'team-detail');
  await page.getByRole('button', { name: 'Remove model o1' }).click();
  await page.getByRole('dialog', { name: 'Remove this model?' }).getByRole('button', { name: 'Remove model' }).click();
  await expect(page.getByText('No list: the team may call every model.')).toBeVisible();
});

test('keys: the form checks its fields; the raw key is shown once with a copy button', async () => {
  await navTo(page, 'Virtual Keys');
  await page.getByRole('button', { name: '+ Create key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a virtual key' });
  await expect(dialog.getByLabel('Key alias')).toBeFocused();
  await dialog.getByLabel('Max budget (USD)').fill('ten dollars');
  await dialog.getByLabel('Expires after').fill('forever');
  await dialog.getByLabel('Tokens per minute').fill('-3');
  await dialog.getByLabel('Key alias').fill(' padded');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expectFieldError(dialog, 'Key alias', 'Remove the spaces at the start or end.');
  await expectFieldError(dialog, 'Max budget (USD)', 'Enter an amount in dollars, such as 10 or 12.50.');
  await expectFieldError(dialog, 'Expires after', /^Use a number and a unit/);
  await expectFieldError(dialog, 'Tokens per minute', 'Must not be negative.');
  await screenshot(page, 'keys-form-errors');
  await dialog.getByLabel('Key alias').fill('e2e-key');
  await dialog.getByLabel('Max budget (USD)').fill('10');
  await dialog.getByLabel('Expires after').fill('30d');
  await dialog.getByLabel('Tokens per minute').fill('');
  await dialog.getByRole('checkbox', { name: 'mock-gpt' }).check();
  const teamOption = await dialog.getByLabel('Team', { exact: true }).locator('option', { hasText: XSS_TEAM }).getAttribute('value');
  await dialog.getByLabel('Team', { exact: true }).selectOption(teamOption as string);
  await dialog.getByLabel('User ID').fill('alice');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const reveal = page.getByRole('dialog', { name: 'Your new virtual key' });
  await expect(reveal.getByText('You will not be able to see it again.')).toBeVisible();
  rawKey = await reveal.getByTestId('raw-key').inputValue();
  expect(rawKey).toMatch(/^sk-[A-Za-z0-9_-]{20,}$/);
  await expect(reveal.getByRole('button', { name: 'Copy' })).toBeVisible();
  await screenshot(page, 'keys-created');
  await reveal.getByRole('button', { name: 'Done' }).click();

  const table = page.getByTestId('keys-table');
  await expect(table.getByRole('link', { name: 'e2e-key' })).toBeVisible();
  await expect(table.getByText(XSS_TEAM)).toBeVisible();
  await screenshot(page, 'keys');
  await table.getByRole('link', { name: 'e2e-key' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-key' })).toBeVisible();
  expect(await page.content()).not.toContain(rawKey);
  await screenshot(page, 'key-detail');
});

test('playground: the key streams an answer from mock-gpt', async () => {
  await navTo(page, 'Playground');
  await page.getByLabel('Message').fill('hello');
  await page.getByLabel('Message').press('Enter');
  await expectFieldError(page, 'Virtual key', 'Paste a virtual key (create one on Virtual Keys).');
  await page.getByLabel('Virtual key').fill('Bearer my-key');
  await page.getByLabel('Message').press('Enter');
  await expectFieldError(page, 'Virtual key', 'Paste a virtual key: it starts with "sk-".');
  await page.getByLabel('Virtual key').fill(rawKey);
  await expect(page.getByLabel('Model')).toHaveValue('mock-gpt');
  await page.getByLabel('System prompt').fill('Be brief.');
  await page.getByLabel('Message').fill('Hello from the dashboard');
  await page.getByLabel('Message').press('Enter');
  const answer = page.getByTestId('chat-assistant').last();
  await expect(answer).toContainText('Mock response to: Hello from the dashboard');
  await expect(answer).toContainText(/First token \d+ ms/);
  await screenshot(page, 'playground');
});

test('logs: the request is listed and its details open by ?id=', async () => {
  await navTo(page, 'Logs');
  const table = page.getByTestId('logs-table');
  await refreshUntil(page, () => expect(table.getByText('mock-gpt').first()).toBeVisible({ timeout: 5_000 }));
  await screenshot(page, 'logs');
  await page.getByLabel('From', { exact: true }).fill('2025-03-10');
  await page.getByLabel('To', { exact: true }).fill('2025-03-01');
  await page.getByLabel('Request ID').fill('not-a-request');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expectFieldError(page, 'To', 'The end date must be on or after the start date.');
  await expectFieldError(page, 'Request ID', /^A request ID looks like/);
  await page.getByRole('button', { name: 'Clear' }).click();
  await table.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/ui\/logs\/\?id=[0-9a-f-]{36}$/);
  const detail = page.getByTestId('log-detail');
  await expect(detail.getByText('mock-gpt').first()).toBeVisible();
  await expect(detail.getByText('Success')).toBeVisible();
  // The stack keeps requests and answers (STORE_PROMPTS_IN_SPEND_LOGS): the page shows both.
  await expect(page.getByTestId('log-request-body')).toContainText('messages');
  await expect(page.getByTestId('log-response-body')).toContainText('choices');
  await screenshot(page, 'log-detail');
});

test('usage: the request’s cost shows in the totals, the charts and the breakdown by key, team and tag', async () => {
  // One more call with a tag of its own (LiteLLM's metadata.tags), for the breakdown by tag.
  const tagged = await page.evaluate(
    async (key) =>
      (await fetch('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock-gpt', messages: [{ role: 'user', content: 'tagged' }], metadata: { tags: ['e2e-tag'] } }) })).status,
    rawKey,
  );
  expect(tagged).toBe(200);
  await navTo(page, 'Usage');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('usage-total-requests')).not.toHaveText('0', { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('usage-total-spend')).not.toHaveText('$0.00');
  await expect(page.getByTestId('chart-spend').locator('rect.chart-bar[height]:not([height="0"])')).toHaveCount(1);
  await expect(page.getByTestId('chart-requests')).toBeVisible();
  await expect(page.getByTestId('chart-tokens')).toBeVisible();
  await expect(page.getByTestId('breakdown-table').getByText(XSS_TEAM)).toBeVisible();
  await screenshot(page, 'usage');
  await page.getByRole('button', { name: 'Key', exact: true }).click();
  await expect(page.getByTestId('breakdown-table').getByText('e2e-key')).toBeVisible();
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  await expect(page.getByTestId('breakdown-table').getByText('mock-gpt')).toBeVisible();
  await expect(async () => {
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await page.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect(page.getByTestId('breakdown-table').getByText('e2e-tag')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByLabel('From', { exact: true }).fill('2025-03-10');
  await page.getByLabel('To', { exact: true }).fill('2025-03-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expectFieldError(page, 'To', 'The end date must be on or after the start date.');
});

test('key actions: block, unblock, regenerate (new key shown once) and delete, each confirmed', async () => {
  await navTo(page, 'Virtual Keys');
  await page.getByRole('button', { name: '+ Create key' }).click();
  await page.getByRole('dialog', { name: 'Create a virtual key' }).getByLabel('Key alias').fill('doomed-key');
  await page.getByRole('dialog', { name: 'Create a virtual key' }).getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('dialog', { name: 'Your new virtual key' }).getByRole('button', { name: 'Done' }).click();
  await page.getByTestId('keys-table').getByRole('link', { name: 'doomed-key' }).click();

  await page.getByRole('button', { name: 'Block' }).click();
  await screenshot(page, 'key-block-confirm');
  await page.getByRole('dialog', { name: 'Block this key?' }).getByRole('button', { name: 'Block' }).click();
  await expect(page.getByText('Key blocked: the gateway refuses it now.')).toBeVisible();
  await expect(page.locator('.detail-list').getByText('Blocked')).toBeVisible();
  await page.getByRole('button', { name: 'Unblock' }).click();
  await page.getByRole('dialog', { name: 'Unblock this key?' }).getByRole('button', { name: 'Unblock' }).click();
  await expect(page.locator('.detail-list').getByText('Active')).toBeVisible();

  await page.getByRole('button', { name: 'Regenerate' }).click();
  const regenerate = page.getByRole('dialog', { name: 'Regenerate key' });
  await regenerate.getByLabel('Old key keeps working for').fill('an hour');
  await regenerate.getByRole('button', { name: 'Regenerate' }).click();
  await expectFieldError(regenerate, 'Old key keeps working for', /^Use a number and a unit/);
  await regenerate.getByLabel('Old key keeps working for').fill('1h');
  await regenerate.getByRole('button', { name: 'Regenerate' }).click();
  const regenerated = page.getByRole('dialog', { name: 'Key regenerated' });
  await expect(regenerated.getByTestId('raw-key')).toHaveValue(/^sk-/);
  await regenerated.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'doomed-key' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this key?' });
  // The safe choice has the focus, and Escape closes without deleting.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await page.getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'doomed-key' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this key?' }).getByRole('button', { name: 'Delete key' }).click();
  await expect(page).toHaveURL(`${base}/ui/keys/`);
  await expect(page.getByTestId('keys-table').getByRole('link', { name: 'e2e-key' })).toBeVisible();
  await expect(page.getByTestId('keys-table').getByRole('link', { name: 'doomed-key' })).toHaveCount(0);
});

test('models: config models are listed; a DB model is added (validated), then deleted after confirmation', async () => {
  await navTo(page, 'Models');
  const table = page.getByTestId('models-table');
  await expect(table.getByText('mock-gpt', { exact: true })).toBeVisible();
  await expect(table.getByText('Config file').first()).toBeVisible();
  await page.getByRole('button', { name: 'Check health' }).click();
  await expect(page.getByText(/no per-deployment health check endpoint|only for the master key or a proxy admin's API key|Healthy|Unhealthy/).first()).toBeVisible();
  await page.getByRole('button', { name: '+ Add model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a model' });
  await dialog.getByLabel('API base').fill('ftp://example');
  await dialog.getByLabel('Extra parameters (JSON)').fill('{rpm: 10}');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expectFieldError(dialog, 'Public model name', 'Enter the public model name clients will ask for.');
  await expectFieldError(dialog, 'Provider/model', /^Enter the provider and model/);
  await expectFieldError(dialog, 'API base', 'Enter a URL starting with http:// or https://.');
  await expectFieldError(dialog, 'Extra parameters (JSON)', /^Enter valid JSON/);
  await screenshot(page, 'models-form-errors');
  await dialog.getByLabel('Public model name').fill('e2e-db-model');
  await dialog.getByLabel('Provider/model').fill('mock/e2e');
  await dialog.getByLabel('API base').fill('');
  await dialog.getByLabel('Extra parameters (JSON)').fill('{"mock_ttft_ms": 10}');
  await dialog.getByLabel('Input price (USD per 1M tokens)').fill('2.5');
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByText('e2e-db-model')).toBeVisible();
  await expect(table.getByText('Database')).toBeVisible();
  await screenshot(page, 'models');
  await page.getByRole('button', { name: 'Delete e2e-db-model' }).click();
  await page.getByRole('dialog', { name: 'Delete this model?' }).getByRole('button', { name: 'Delete model' }).click();
  await expect(table.getByText('e2e-db-model')).toHaveCount(0);
});

test('credentials: the form checks its fields; a stored key is listed masked, then deleted after confirmation', async () => {
  await navTo(page, 'Credentials');
  await page.getByRole('button', { name: '+ Add credential' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a credential' });
  await dialog.getByLabel('Credential name').fill('team/eu');
  await dialog.getByLabel('API base').fill('ftp://example');
  await dialog.getByRole('button', { name: 'Add credential' }).click();
  await expectFieldError(dialog, 'Credential name', 'A name cannot contain "/".');
  await expectFieldError(dialog, 'API key', 'Enter the API key.');
  await expectFieldError(dialog, 'API base', 'Enter a URL starting with http:// or https://.');
  await dialog.getByLabel('Credential name').fill('e2e-azure-eu');
  await dialog.getByLabel('Provider').fill('azure');
  await dialog.getByLabel('API key').fill('e2e-secret-key-value');
  await dialog.getByLabel('API base').fill('https://eu.example.test');
  await dialog.getByRole('button', { name: 'Add credential' }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByTestId('credentials-table');
  await expect(table.getByText('e2e-azure-eu')).toBeVisible();
  await expect(table.getByText('https://eu.example.test')).toBeVisible();
  await expect(page.getByText('e2e-secret-key-value')).toHaveCount(0);
  await screenshot(page, 'credentials');
  await page.getByRole('button', { name: 'Delete e2e-azure-eu' }).click();
  await page.getByRole('dialog', { name: 'Delete this credential?' }).getByRole('button', { name: 'Delete credential' }).click();
  await expect(table.getByText('e2e-azure-eu')).toHaveCount(0);
});

test('tags: the form checks its fields; a managed tag with a budget is listed, then deleted after confirmation', async () => {
  await navTo(page, 'Tags');
  await page.getByRole('button', { name: '+ Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tag' });
  await dialog.getByLabel('Budget period').fill('monthly');
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expectFieldError(dialog, 'Tag', 'Enter the tag, as calls carry it in tags or metadata.tags.');
  await dialog.getByLabel('Tag', { exact: true }).fill('e2e-batch-jobs');
  await dialog.getByLabel('Budget period').fill('30d');
  await dialog.getByLabel('Max budget (USD)').fill('25');
  await dialog.getByLabel('Requests per minute').fill('60');
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('tags-table').getByRole('row', { name: /e2e-batch-jobs/ });
  await expect(row.getByText('$25.00 per 30d')).toBeVisible();
  await expect(row.getByText('rpm 60, tpm no limit')).toBeVisible();
  await screenshot(page, 'tags');
  await page.getByRole('button', { name: 'Delete tag e2e-batch-jobs' }).click();
  await page.getByRole('dialog', { name: 'Delete this tag?' }).getByRole('button', { name: 'Delete tag' }).click();
  await expect(page.getByTestId('tags-table').getByText('e2e-batch-jobs')).toHaveCount(0);
});

test('organizations, budgets and end users: forms validate, rows appear', async () => {
  await navTo(page, 'Organizations');
  await page.getByRole('button', { name: '+ Create organization' }).click();
  const org = page.getByRole('dialog', { name: 'Create an organization' });
  await org.getByRole('button', { name: 'Create organization' }).click();
  await expectFieldError(org, 'Organization name', 'Enter the organization’s name.');
  await org.getByLabel('Organization name').fill('Acme Research');
  await org.getByLabel('Max budget (USD)').fill('1000');
  await org.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByTestId('organizations-table').getByRole('link', { name: 'Acme Research' })).toBeVisible();
  await screenshot(page, 'organizations');

  await navTo(page, 'Budgets');
  await page.getByRole('button', { name: '+ Create budget' }).click();
  const budget = page.getByRole('dialog', { name: 'Create a budget' });
  await budget.getByLabel('Max budget (USD)').fill('10');
  await budget.getByLabel('Soft budget (USD)').fill('20');
  await budget.getByLabel('Parallel requests').fill('many');
  await budget.getByRole('button', { name: 'Create budget' }).click();
  await expectFieldError(budget, 'Soft budget (USD)', 'The soft budget (an alert) should be below the max budget.');
  await expectFieldError(budget, 'Parallel requests', 'Enter a whole number, such as 100.');
  await budget.getByLabel('Budget ID').fill('free-tier');
  await budget.getByLabel('Soft budget (USD)').fill('8');
  await budget.getByLabel('Parallel requests').fill('4');
  await budget.getByRole('button', { name: 'Create budget' }).click();
  await expect(page.getByTestId('budgets-table').getByText('free-tier')).toBeVisible();

  await page.getByRole('button', { name: '+ Add end user' }).click();
  const customer = page.getByRole('dialog', { name: 'Add an end user' });
  await customer.getByRole('button', { name: 'Add end user' }).click();
  await expectFieldError(customer, 'End user ID', /^Enter the end user’s ID/);
  await customer.getByLabel('End user ID').fill('customer-42');
  await customer.getByLabel('Budget', { exact: true }).selectOption('free-tier');
  await customer.getByRole('button', { name: 'Add end user' }).click();
  await expect(page.getByTestId('customers-table').getByText('customer-42')).toBeVisible();
  await screenshot(page, 'budgets');
});

test('audit log and settings are readable', async () => {
  await navTo(page, 'Audit Log');
  await expect(page.getByTestId('audit-table').getByText('key.generate').first()).toBeVisible();
  await screenshot(page, 'audit');
  await navTo(page, 'Settings');
  await expect(page.getByRole('cell', { name: 'mock-gpt' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Router settings' }).getByText('routing_strategy')).toBeVisible();
  await screenshot(page, 'settings');
});

test('alerting: an admin turns Slack alerting on (the webhook is checked, then never shown again) and off', async () => {
  await navTo(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Alerting' });
  await expect(panel.getByText('Alerting is off')).toBeVisible();
  await panel.getByLabel('Send alerts to Slack').check();
  await panel.getByRole('button', { name: 'Save alerting' }).click();
  await expectFieldError(panel, 'Slack webhook URL', 'Enter the Slack incoming-webhook URL.');
  await panel.getByLabel('Slack webhook URL').fill('https://hooks.slack.example/services/T0/B0/e2e-webhook-secret');
  await panel.getByLabel('Slow call threshold (seconds)').fill('30');
  await panel.getByRole('button', { name: 'Save alerting' }).click();
  await expect(panel.getByText('Alerting saved')).toBeVisible();
  await expect(panel.getByText('https://hooks.slack.example/********')).toBeVisible();
  await expect(page.getByText('e2e-webhook-secret')).toHaveCount(0);
  await screenshot(page, 'settings-alerting');
  await panel.getByLabel('Send alerts to Slack').uncheck();
  await panel.getByRole('button', { name: 'Save alerting' }).click();
  await expect(panel.getByText('Alerting is off: no alerts are sent.')).toBeVisible();
});

test('an internal user sees only their own things: keys yes (no block), admin pages no', async ({ browser }) => {
  await navTo(page, 'Internal Users');
  await page.getByTestId('users-table').getByRole('link', { name: 'alice' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit alice' });
  await dialog.getByLabel('New password').fill('1234');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expectFieldError(dialog, 'New password', 'Use at least 8 characters.');
  await dialog.getByLabel('New password').fill('alice-pass-123');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();

  const context = await browser.newContext({ viewport: LAPTOP });
  const alice = await context.newPage();
  const aliceTrouble = watchForTrouble(alice);
  try {
    await loginWithPassword(alice, base, 'alice@example.com', 'alice-pass-123', '/ui/keys/');
    await expect(alice.getByTestId('current-role')).toHaveText('Internal user');
    const nav = alice.getByRole('navigation', { name: 'Main' });
    for (const hidden of ['Internal Users', 'Organizations', 'Budgets', 'Credentials', 'Audit Log']) await expect(nav.getByRole('link', { name: hidden })).toHaveCount(0);
    await expect(alice.getByRole('button', { name: '+ Create key' })).toBeVisible();
    await alice.getByTestId('keys-table').getByRole('link', { name: 'e2e-key' }).click();
    await expect(alice.getByRole('button', { name: 'Edit' })).toBeVisible();
    await expect(alice.getByRole('button', { name: 'Block' })).toHaveCount(0);
    await screenshot(alice, 'internal-user-key-detail');
    await navTo(alice, 'Usage');
    // Her two calls: the playground's, and the tagged one the usage test made with her key.
    await expect(alice.getByTestId('usage-total-requests')).toHaveText('2');
    await expect(alice.getByTestId('breakdown-table').getByText('mock-gpt')).toBeVisible();
    await screenshot(alice, 'internal-user-usage');
    await alice.goto(`${base}/ui/users/`);
    await expect(alice.getByTestId('not-allowed')).toBeVisible();
    const blockStatus = await alice.evaluate(async () => (await fetch('/key/block', { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchboard-csrf': '1' }, body: JSON.stringify({ key: 'x' }) })).status);
    expect(blockStatus).toBe(403);
    expect(aliceTrouble.pageErrors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a viewer logged in with username and password sees no create buttons, and the API refuses them', async ({ browser }) => {
  const context = await browser.newContext({ viewport: LAPTOP });
  const viewer = await context.newPage();
  const viewerTrouble = watchForTrouble(viewer);
  try {
    await loginWithPassword(viewer, base, VIEWER.id, VIEWER.password, '/ui/keys/');
    await expect(viewer.getByTestId('current-role')).toHaveText('Admin viewer');
    const writeButtons = /\b(create|invite|add|edit|delete|block|unblock|regenerate|remove)\b/i;
    for (const [link, ready] of [
      ['Virtual Keys', 'keys-table'],
      ['Teams', 'teams-table'],
      ['Internal Users', 'users-table'],
      ['Models', 'models-table'],
      ['Organizations', 'organizations-table'],
      ['Budgets', 'budgets-table'],
    ] as const) {
      await navTo(viewer, link);
      await expect(viewer.getByTestId(ready)).toBeVisible();
      await expect(viewer.getByRole('button', { name: writeButtons })).toHaveCount(0);
    }
    // The admin's credential is gone by now: the page answers with its empty state, and offers no change either.
    await navTo(viewer, 'Credentials');
    await expect(viewer.getByText('No credentials yet.')).toBeVisible();
    await expect(viewer.getByRole('button', { name: writeButtons })).toHaveCount(0);
    await navTo(viewer, 'Virtual Keys');
    await viewer.getByTestId('keys-table').getByRole('link', { name: 'e2e-key' }).click();
    await expect(viewer.getByRole('heading', { name: 'e2e-key' })).toBeVisible();
    await expect(viewer.getByRole('button', { name: writeButtons })).toHaveCount(0);
    await screenshot(viewer, 'viewer-key-detail');
    await navTo(viewer, 'Teams');
    await screenshot(viewer, 'viewer-teams');

    // The buttons are hidden, and the backend refuses the calls anyway (same cookie, same origin, CSRF header).
    const refused = await viewer.evaluate(async () => {
      const post = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchboard-csrf': '1' }, body: JSON.stringify(body) });
      const generate = await post('/key/generate', { key_alias: 'sneaky' });
      const team = await post('/team/new', { team_alias: 'sneaky' });
      return { generate: generate.status, team: team.status, message: ((await generate.json()) as { error: { message: string } }).error.message };
    });
    expect(refused.generate).toBe(403);
    expect(refused.team).toBe(403);
    expect(refused.message).toMatch(/proxy_admin_viewer/);
    expect(viewerTrouble.dialogs).toEqual([]);
    expect(viewerTrouble.pageErrors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('an expired or missing session lands on Login, and comes back to the page after logging in', async () => {
  await navTo(page, 'Teams');
  await expect(page.getByTestId('teams-table')).toBeVisible();
  // A session the server does not know (expired, or ended elsewhere): the next API call gets 401.
  await admin.addCookies([{ name: 'switchboard_session', value: 'expired-session-token-0123456789abcdef', url: base, httpOnly: true, sameSite: 'Strict' }]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Virtual Keys' }).click();
  await expect(page).toHaveURL(`${base}/ui/login/?next=%2Fui%2Fkeys%2F`);
  await expect(page.getByText('Log in to continue where you were.')).toBeVisible();
  await screenshot(page, 'session-expired');
  await page.getByLabel('Master key', { exact: true }).fill(MASTER_KEY);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${base}/ui/keys/`);
  // Let the keys page finish its own requests first: one still in flight when the cookie goes would
  // answer 401 and send this page to Login for /ui/keys/, racing the navigation below.
  await page.waitForLoadState('networkidle');

  // No cookie at all, on a deep link with a query string.
  await admin.clearCookies();
  await page.goto(`${base}/ui/logs/?id=00000000-0000-0000-0000-000000000000`);
  await expect(page).toHaveURL(`${base}/ui/login/?next=%2Fui%2Flogs%2F%3Fid%3D00000000-0000-0000-0000-000000000000`);
});

test('logging out ends the session', async () => {
  await loginWithMasterKey(page, base, MASTER_KEY, '/ui/settings/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${base}/ui/login/`);
  await page.goto(`${base}/ui/teams/`);
  await expect(page).toHaveURL(`${base}/ui/login/?next=%2Fui%2Fteams%2F`);
});
