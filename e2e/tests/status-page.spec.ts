import { expect, test } from '@playwright/test';
import { startLauncher, type LauncherStack } from './launcher-stack.ts';

let stack: LauncherStack;

test.beforeAll(async () => {
  stack = await startLauncher({ front: 3310, gateway: 4310, backend: 4311 });
});

test.afterAll(async () => {
  await stack?.stop();
});

test('the root redirects to the dashboard, which asks a visitor to log in', async ({ page }) => {
  await page.goto(`${stack.baseUrl}/`);
  await expect(page).toHaveURL(`${stack.baseUrl}/ui/login/`);
  await expect(page.getByRole('heading', { name: 'Log in to Switchboard' })).toBeVisible();
});

test('the public status page shows both services up', async ({ page }) => {
  await page.goto(`${stack.baseUrl}/ui/status/`);
  await expect(page.getByTestId('state-gateway')).toHaveText('up');
  await expect(page.getByTestId('state-backend')).toHaveText('up');
  await page.screenshot({ path: 'dist/e2e/screenshots/status-up.png', fullPage: true });
});

test('a stopped service shows as down', async ({ page }) => {
  await page.goto(`${stack.baseUrl}/ui/status/`);
  await expect(page.getByTestId('state-gateway')).toHaveText('up');
  stack.killService('gateway');
  await expect(page.getByTestId('state-gateway')).toHaveText('down', { timeout: 10_000 });
  await expect(page.getByTestId('state-backend')).toHaveText('up');
  await page.screenshot({ path: 'dist/e2e/screenshots/status-gateway-down.png', fullPage: true });
});
