import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { workspaceRoot } from './launcher-stack.ts';

export const SCREENSHOTS = resolve(workspaceRoot, 'dist/e2e/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The field with this label shows `message` next to it: inside the same field wrapper, linked by aria. */
export async function expectFieldError(scope: Page | Locator, label: string | RegExp, message: string | RegExp): Promise<void> {
  const field = scope.getByLabel(label, { exact: typeof label === 'string' });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const errorId = await field.getAttribute('aria-errormessage');
  expect(errorId).toBeTruthy();
  const wrapper = field.locator('xpath=..');
  await expect(wrapper.locator(`[id="${errorId}"]`)).toHaveText(message);
}

/** The Content-Security-Policy the UI image's nginx sends, read from the generated template. */
export function nginxCsp(): string {
  const template = readFileSync(resolve(workspaceRoot, 'docker/ui/nginx.conf.template'), 'utf8');
  const match = /add_header Content-Security-Policy "([^"]+)" always;/.exec(template);
  if (!match?.[1]) throw new Error('no Content-Security-Policy in docker/ui/nginx.conf.template');
  return match[1];
}

/** Collects what must never happen on a page: alert() dialogs (XSS), CSP violations, uncaught errors. */
export function watchForTrouble(page: Page): { dialogs: string[]; cspViolations: string[]; pageErrors: string[] } {
  const trouble = { dialogs: [] as string[], cspViolations: [] as string[], pageErrors: [] as string[] };
  page.on('dialog', (dialog) => {
    trouble.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) trouble.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => trouble.pageErrors.push(error.message));
  return trouble;
}

export async function loginWithMasterKey(page: Page, baseUrl: string, masterKey: string, path = '/ui/'): Promise<void> {
  await page.goto(`${baseUrl}/ui/login/?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Master key', { exact: true }).fill(masterKey);
  await page.getByLabel('Master key', { exact: true }).press('Enter');
  await expect(page).toHaveURL(`${baseUrl}${path}`);
}

export async function loginWithPassword(page: Page, baseUrl: string, username: string, password: string, path = '/ui/'): Promise<void> {
  await page.goto(`${baseUrl}/ui/login/?next=${encodeURIComponent(path)}`);
  await page.getByRole('button', { name: 'Username and password' }).click();
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${baseUrl}${path}`);
}

/** Follows a link of the sidebar (the home page repeats them as quick links). */
export async function navTo(page: Page, label: string): Promise<void> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  await link.click();
  // Client-side navigation: wait until it has happened, so a reload right after reloads the new page.
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveURL(new RegExp(`${(await link.getAttribute('href')) ?? ''}$`));
}

/**
 * Refreshes a list until `check` passes: a request's row lands a moment after its answer (spend is
 * written in batches), and on a busy machine one load can take seconds, so each try waits for its load
 * instead of starting another one. A load that failed is retried with the page's own "Try again"; the
 * last failure says what the page showed.
 */
export async function refreshUntil(page: Page, check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  await expect(async () => {
    const retry = page.getByRole('button', { name: 'Try again', exact: true });
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    if (await retry.isVisible()) await retry.click();
    else if ((await refresh.isVisible()) && (await refresh.isEnabled())) await refresh.click();
    try {
      await check();
    } catch (err) {
      const shown = (await page.locator('main').innerText().catch(() => '(no main element)')).replace(/\s+/g, ' ').slice(0, 1_500);
      throw new Error(`${(err as Error).message}\nThe page showed: ${shown}`);
    }
  }).toPass({ timeout: timeoutMs });
}
