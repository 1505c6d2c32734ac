import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { REFUSALS } from '@switchboard/contracts';
import { createGatewayApp } from './app.ts';
import { anthropicFixture, sendJson } from './testing/anthropic-fixtures.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const upstream = new FakeOpenAiUpstream();
let gateway: RunningService;
let origin: string;

beforeAll(async () => {
  await upstream.start();
  upstream
    .on('/limited/v1/messages', (_call, res) => {
      res.setHeader('retry-after', '9');
      sendJson(res, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }, 429);
    })
    .on('/broken/v1/messages', (_call, res) => sendJson(res, anthropicFixture('anthropic-issue-17366-error.json'), 400));
  const claude = (name: string, path: string) => ({ model_name: name, litellm_params: { model: 'anthropic/claude-x', api_key: 'sk-ant-up-123456789', api_base: `${upstream.url}${path}` } });
  const config = buildGatewayConfig({ model_list: [claude('claude-test', '/limited'), claude('claude-broken', '/broken')], router_settings: { num_retries: 0 }, general_settings: { master_key: MASTER } }, {});
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), env: {} });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  origin = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
});

const post = (body: string, headers: Record<string, string> = { 'x-api-key': MASTER }) =>
  fetch(`${origin}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const messages = [{ role: 'user', content: 'Hi' }];

describe('bad input on /v1/messages: Anthropic-shaped errors, no upstream call', () => {
  it.each([
    ['malformed JSON', '{"model": "claude-test", "messages": [', 400, 'invalid_request_error', 'Request body is not valid JSON'],
    ['missing max_tokens', JSON.stringify({ model: 'claude-test', messages }), 400, 'invalid_request_error', 'max_tokens is required'],
    ['max_tokens of the wrong type', JSON.stringify({ model: 'claude-test', max_tokens: 'lots', messages }), 400, 'invalid_request_error', 'max_tokens must be a number'],
    ['messages of the wrong type', JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: 'Hi' }), 400, 'invalid_request_error', 'messages must be an array'],
    ['empty messages', JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: [] }), 400, 'invalid_request_error', 'at least one message'],
    ['a system role in messages', JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'system', content: 'x' }] }), 400, 'invalid_request_error', 'messages.0.role: role must be user or assistant'],
    [
      'an unknown content block type',
      JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'hologram', data: 'x' }] }] }),
      400,
      'invalid_request_error',
      'messages.0.content.1.type: unknown content block type "hologram"',
    ],
    ['a smuggled api_base', JSON.stringify({ model: 'claude-test', max_tokens: 10, messages, metadata: { api_base: 'http://evil' } }), 400, 'invalid_request_error', 'metadata.api_base'],
    ['an unknown model', JSON.stringify({ model: 'nope', max_tokens: 10, messages }), REFUSALS.unknown_model.status, 'invalid_request_error', 'Invalid model name'],
  ])('%s', async (_name, body, status, type, message) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    expect(json).toEqual({ type: 'error', error: { type, message: expect.stringContaining(message) }, request_id: res.headers.get('x-request-id') });
    expect(upstream.calls).toHaveLength(0);
  });

  it('a refused beta name, a body past the limit', async () => {
    const beta = await post(JSON.stringify({ model: 'claude-test', max_tokens: 10, messages }), { 'x-api-key': MASTER, 'anthropic-beta': 'ok-1, not a beta' });
    expect(beta.status).toBe(400);
    expect(((await beta.json()) as { error: { message: string } }).error.message).toContain('anthropic-beta');
    const huge = await post(JSON.stringify({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(40 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
    expect(upstream.calls).toHaveLength(0);
  });

  it('no key and a wrong key: 401 authentication_error, also through the SDK', async () => {
    const none = await post(JSON.stringify({ model: 'claude-test', max_tokens: 10, messages }), {});
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const error = await new Anthropic({ apiKey: 'sk-wrong', baseURL: origin, maxRetries: 0 }).messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } });
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('upstream errors on /v1/messages', () => {
  const client = () => new Anthropic({ apiKey: MASTER, baseURL: origin, maxRetries: 0 });

  it('an Anthropic 429 reaches the SDK as a RateLimitError with Retry-After', async () => {
    const error = await client().messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimited = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimited.headers?.get('retry-after')).toBe('9');
    expect(rateLimited.error).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringContaining('rate limit') } });
  });

  it('a recorded invalid_request_error (issue 17366) reaches the SDK as a BadRequestError', async () => {
    const error = await client().messages.create({ model: 'claude-broken', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('tool_use_id') } });
  });
});
