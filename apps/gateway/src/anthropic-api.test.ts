import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { anthropicChunks, anthropicFixture, sendJson, writeAnthropicSse } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream, writeSse } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const OPENAI_KEY = 'sk-openai-upstream-123456';
const ANTHROPIC_KEY = 'sk-ant-upstream-abcdef123456';
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
let gateway: RunningService;
let origin: string;
let client: Anthropic;

const toolChunks = (model: string) => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => JSON.stringify({ id: 'chatcmpl-t', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  return [
    chunk({ role: 'assistant', content: 'Let me check.' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    chunk({}, 'tool_calls'),
    JSON.stringify({ id: 'chatcmpl-t', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 } }),
  ];
};

beforeAll(async () => {
  await upstream.start();
  upstream
    .on('/v1/chat/completions', (call, res) => {
      const model = String(call.body.model);
      const wantsTool = Array.isArray(call.body.tools);
      if (call.body.stream) {
        const pieces = ['Hello', ' from', ' OpenAI'].map((content) => JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] }));
        const end = [JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }), JSON.stringify({ id: 'chatcmpl-s', choices: [], usage: { prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 } })];
        return writeSse(res, wantsTool ? toolChunks(model) : [...pieces, ...end], 5);
      }
      if (!wantsTool) return sendJson(res, chatCompletion(model, 'Hello there', { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 }));
      const message = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] };
      sendJson(res, { ...chatCompletion(model, ''), choices: [{ index: 0, message, finish_reason: 'tool_calls' }] });
    })
    .on('/claude/v1/messages', (call, res) => {
      if (call.body.stream) return writeAnthropicSse(res, anthropicChunks('anthropic-text.chunks.txt'), call.body.max_tokens === 999 ? 60 : 0);
      sendJson(res, anthropicFixture('anthropic-clear-thinking.1.json'));
    })
    .on('/claude/v1/messages/count_tokens', (_call, res) => sendJson(res, { input_tokens: 17 }));
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'gpt-test', litellm_params: { model: 'openai/gpt-4o-mini', api_key: OPENAI_KEY, api_base: `${upstream.url}/v1` } },
        { model_name: 'claude-test', litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_key: ANTHROPIC_KEY, api_base: `${upstream.url}/claude` } },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), onSettled: (r) => void settled.push(r), env: {} });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  origin = `http://127.0.0.1:${gateway.port}`;
  client = new Anthropic({ apiKey: MASTER, baseURL: origin, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

describe('the Anthropic SDK against an OpenAI-format provider (translated)', () => {
  it('gets a message: text, msg_ id, stop reason and usage; the upstream got an OpenAI request', async () => {
    const message = await client.messages.create({ model: 'gpt-test', max_tokens: 50, system: 'Be brief.', stop_sequences: ['END'], metadata: { user_id: 'u-1' }, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello there' }], stop_reason: 'end_turn', usage: { input_tokens: 11, output_tokens: 2 } });
    expect(message.id).toMatch(/^msg_/);
    expect(upstream.calls[0]?.body).toEqual({ model: 'gpt-4o-mini', max_tokens: 50, stop: ['END'], user: 'u-1', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(settled[0]).toMatchObject({ route: '/messages', status: 200, provider: 'openai', endUser: 'u-1', usage: { promptTokens: 11, completionTokens: 2 } });
  });

  it('gets tool uses with parsed input', async () => {
    const message = await client.messages.create({
      model: 'gpt-test',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'tool', name: 'weather' },
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } }]);
    expect(upstream.calls[0]?.body).toMatchObject({ tool_choice: { type: 'function', function: { name: 'weather' } }, tools: [{ type: 'function', function: { name: 'weather' } }] });
  });

  it('streams text with the messages.stream() helper and finalMessage()', async () => {
    const stream = client.messages.stream({ model: 'gpt-test', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] });
    const deltas: string[] = [];
    const types: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();
    expect(deltas).toEqual(['Hello', ' from', ' OpenAI']);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(final).toMatchObject({ content: [{ type: 'text', text: 'Hello from OpenAI' }], stop_reason: 'end_turn', usage: { input_tokens: 20, output_tokens: 3 } });
    expect(upstream.calls[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams a tool use: text block, then tool_use with input_json_delta pieces', async () => {
    const final = await client.messages
      .stream({ model: 'gpt-test', max_tokens: 50, messages: [{ role: 'user', content: 'Weather?' }], tools: [{ name: 'weather', input_schema: { type: 'object' } }] })
      .finalMessage();
    expect(final.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_9', name: 'weather', input: { city: 'Paris' } },
    ]);
    expect(final).toMatchObject({ stop_reason: 'tool_use', usage: { input_tokens: 30, output_tokens: 12 } });
  });
});

describe('the Anthropic SDK against an Anthropic deployment (native)', () => {
  it('forwards the body exactly (cache_control, thinking, betas) and returns Anthropic\'s message unchanged', async () => {
    const params = {
      model: 'claude-test',
      max_tokens: 2000,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      system: [{ type: 'text' as const, text: 'You are a calculator.', cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: '925 / 5?', cache_control: { type: 'ephemeral' as const } }] }],
    };
    const message = await client.messages.create(params, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } });
    expect(message).toEqual(anthropicFixture('anthropic-clear-thinking.1.json'));
    const [call] = upstream.calls;
    expect(call?.path).toBe('/claude/v1/messages');
    expect(call?.body).toEqual({ ...params, model: 'claude-sonnet-4-5' });
    expect(call?.headers).toMatchObject({ 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(call?.headers.authorization).toBeUndefined();
    expect(settled[0]).toMatchObject({ provider: 'anthropic', status: 200, usage: { promptTokens: 69, completionTokens: 33 } });
  });

  it('streams Anthropic\'s events through unchanged', async () => {
    const res = await fetch(`${origin}/v1/messages`, { method: 'POST', headers: { 'x-api-key': MASTER, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-test', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] }) });
    const text = await res.text();
    const expected = anthropicChunks('anthropic-text.chunks.txt').map((data) => `event: ${(JSON.parse(data) as { type: string }).type}\ndata: ${data}\n\n`).join('');
    expect(text).toBe(expected);
    const final = await client.messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?" }]);
    expect(settled[1]).toMatchObject({ stream: true, usage: { promptTokens: 12, completionTokens: 30 } });
  });

  it('counts tokens upstream for Anthropic groups and locally (marked estimated) for others', async () => {
    const native = await client.messages.countTokens({ model: 'claude-test', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(native.data.input_tokens).toBe(17);
    expect(native.response.headers.get('x-switchboard-token-count')).toBe('upstream');
    expect(upstream.calls[0]?.body).toEqual({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    const local = await client.messages.countTokens({ model: 'gpt-test', messages: [{ role: 'user', content: 'Hello world' }] }).withResponse();
    expect(local.data.input_tokens).toBeGreaterThan(2);
    expect(local.response.headers.get('x-switchboard-token-count')).toBe('estimated');
    expect(upstream.calls).toHaveLength(1);
  });

  it('aborts the upstream call when the client leaves mid-stream, and still accounts the request', async () => {
    const controller = new AbortController();
    const stream = client.messages.stream({ model: 'claude-test', max_tokens: 999, messages: [{ role: 'user', content: 'Hi' }] }, { signal: controller.signal });
    let seen = 0;
    await (async () => {
      for await (const _event of stream) if (++seen === 3) controller.abort();
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(upstream.calls[0]?.aborted).toBe(true);
    expect(settled[0]).toMatchObject({ clientAborted: true, stream: true, status: 499 });
  });
});
