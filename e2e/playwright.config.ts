import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Playwright never downloads browsers here: it drives Debian's Chromium. The compose story takes its
 * base URL from E2E_BASE_URL when a stack is already running (e.g. `docker compose up -d --wait`), else
 * the global setup starts docker-compose.yml's services as local processes; the dashboard specs start
 * their own `npm start` stacks through the launcher.
 */
const chromiumPath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path));

export default defineConfig({
  testDir: './tests',
  // The composed stack (docker-compose.yml run as local processes) unless E2E_BASE_URL points at one.
  globalSetup: './stack/global-setup.ts',
  outputDir: '../dist/e2e/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
