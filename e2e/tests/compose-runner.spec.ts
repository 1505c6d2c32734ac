import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { readComposeFile, startOrder } from '../stack/compose-file.ts';
import { startLocalComposeStack } from '../stack/local-compose-stack.ts';

const workspaceRoot = resolve(import.meta.dirname, '../..');

test('the compose start order puts db and migrations before gateway and backend, and the ui last', () => {
  const order = startOrder(readComposeFile(join(workspaceRoot, 'docker-compose.yml'), {})).map((s) => s.name);
  expect(order.indexOf('db')).toBeLessThan(order.indexOf('migrations'));
  expect(order.indexOf('migrations')).toBeLessThan(order.indexOf('gateway'));
  expect(order.indexOf('migrations')).toBeLessThan(order.indexOf('backend'));
  expect(order.indexOf('gateway')).toBeLessThan(order.indexOf('ui'));
});

test('a stack whose database is not healthy never starts the gateway', async () => {
  // The real compose file, with a database health check that always fails.
  const original = readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8');
  const broken = original.replace(/pg_isready -U switchboard -d switchboard/, 'exit 1');
  expect(broken).not.toBe(original);
  const dir = mkdtempSync(join(tmpdir(), 'sb-compose-'));
  const composePath = join(dir, 'docker-compose.yml');
  writeFileSync(composePath, broken.replace(/\.\/config\//g, `${workspaceRoot}/config/`).replace(/\.\/docker\//g, `${workspaceRoot}/docker/`));
  const started: string[] = [];
  await expect(startLocalComposeStack(workspaceRoot, { SWITCHBOARD_MASTER_KEY: 'sk-e2e-unhealthy-db' }, { composePath, healthTimeoutMs: 2_000, onStart: (name) => started.push(name) })).rejects.toThrow(
    /db health did not become ready/,
  );
  expect(started).toContain('db');
  expect(started).not.toContain('migrations');
  expect(started).not.toContain('gateway');
});
