import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startLauncher, type LauncherStack } from './launcher-stack.ts';

/**
 * Issue 18 through the single origin (`npm start`'s front): a wildcard deployment and model access groups
 * in the config file, a team restricted to one access group, and what its key may call and see on the
 * gateway's routes and the backend's. No browser: only HTTP.
 */
const MASTER_KEY = 'sk-e2e-wildcards-master-0123456789';
const CONFIG = `
model_list:
  - model_name: "mock/*"
    litellm_params: { model: "mock/*", mock_response: "from the wildcard" }
    model_info: { access_groups: [mock-all] }
  - model_name: beta-a
    litellm_params: { model: mock/a, mock_response: "a" }
    model_info: { access_groups: [beta] }
  - model_name: beta-b
    litellm_params: { model: mock/b, mock_response: "b" }
    model_info: { access_groups: [beta] }
  - model_name: plain
    litellm_params: { model: mock/p, mock_response: "p" }
`;

let stack: LauncherStack;
let scratch: string;
let base = '';

const call = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const chat = (key: string, model: string) => call('POST', '/v1/chat/completions', key, { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
const ids = (body: Record<string, unknown>) => (body.data as { id?: string; model_group?: string; model_name?: string }[]).map((row) => row.id ?? row.model_group ?? row.model_name).sort();

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'switchboard-e2e-wildcards-'));
  const configPath = join(scratch, 'config.yaml');
  writeFileSync(configPath, CONFIG);
  stack = await startLauncher({ front: 3330, gateway: 4330, backend: 4331 }, { env: { SWITCHBOARD_MASTER_KEY: MASTER_KEY, CONFIG_FILE_PATH: configPath } });
  base = stack.baseUrl;
});

test.afterAll(async () => {
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('a team limited to an access group: its key calls and sees the group’s models only', async () => {
  const team = await call('POST', '/team/new', MASTER_KEY, { team_alias: 'beta-team', models: ['beta'] });
  expect(team.status).toBe(200);
  const key = await call('POST', '/key/generate', MASTER_KEY, { team_id: team.body.team_id });
  expect(key.status).toBe(200);
  const teamKey = String(key.body.key);

  expect((await chat(teamKey, 'beta-a')).status).toBe(200);
  expect((await chat(teamKey, 'beta-b')).status).toBe(200);
  expect((await chat(teamKey, 'plain')).status).toBe(401);
  expect((await chat(teamKey, 'mock/anything')).status).toBe(401);

  expect(ids((await call('GET', '/v1/models', teamKey)).body)).toEqual(['beta-a', 'beta-b']);
  expect(ids((await call('GET', '/models?only_model_access_groups=True', teamKey)).body)).toEqual(['beta']);
  expect(ids((await call('GET', '/model_group/info', teamKey)).body)).toEqual(['beta-a', 'beta-b']);
  expect(ids((await call('GET', '/v1/model/info', teamKey)).body)).toEqual(['beta-a', 'beta-b']);
});

test('a wildcard serves any model of its provider, and a key list applies to the concrete name', async () => {
  const key = await call('POST', '/key/generate', MASTER_KEY, { models: ['mock/*'] });
  const wildcardKey = String(key.body.key);
  const answer = await chat(wildcardKey, 'mock/claude-3-5-haiku');
  expect(answer.status).toBe(200);
  expect((answer.body.choices as { message: { content: string } }[])[0]?.message.content).toBe('from the wildcard');
  expect((await chat(wildcardKey, 'beta-a')).status).toBe(401);

  const narrow = String((await call('POST', '/key/generate', MASTER_KEY, { models: ['mock/allowed'] })).body.key);
  expect((await chat(narrow, 'mock/allowed')).status).toBe(200);
  expect((await chat(narrow, 'mock/other')).status).toBe(401);
  // A name no deployment serves is LiteLLM's 400, never a 500.
  expect((await chat(MASTER_KEY, 'gpt-4o')).status).toBe(400);
  expect(ids((await call('GET', '/models?only_model_access_groups=True', MASTER_KEY)).body)).toEqual(['beta', 'mock-all']);
});
