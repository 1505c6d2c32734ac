import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from './app.ts';
import { anthropicChunks, anthropicFixture, sendJson, writeAnthropicSse } from './testing/anthropic-fixtures.ts';
import { FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const ANTHROPIC_KEY = 'sk-ant-upstream-abcdef123456';
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
let gateway: RunningService;
let client: OpenAI;

/** One model group per recording: `claude-<name>` answers from `<name>.json`, or `<name>.chunks.txt` when streaming. */
const RECORDINGS: Record<string, { json?: string; chunks?: string; status?: number }> = {
  text: { json: 'anthropic-text.json', chunks: 'anthropic-text.chunks.txt' },
  tool: { json: 'anthropic-json-tool.1.json', chunks: 'anthropic-json-tool.1.chunks.txt' },
  thinking: { json: 'anthropic-clear-thinking.1.json' },
  cache: { chunks: 'anthropic-code-execution-20260120-prompt-cache.1.chunks.txt' },
  delta: { chunks: 'anthropic-message-delta-input-tokens.chunks.txt' },
  error: { json: 'anthropic-issue-17366-error.json', status: 400 },
};

beforeAll(async () => {
  await upstream.start();
  for (const [name, recording] of Object.entries(RECORDINGS)) {
    upstream.on(`/${name}/v1/messages`, (call, res) => {
      if (call.body.stream && recording.chunks) return writeAnthropicSse(res, anthropicChunks(recording.chunks), name === 'text' ? 40 : 0);
      if (recording.json) return sendJson(res, anthropicFixture(recording.json), recording.status ?? 200);
      sendJson(res, { type: 'error', error: { type: 'not_found_error', message: 'no recording' } }, 404);
    });
  }
  const model_list = Object.keys(RECORDINGS).map((name) => ({
    model_name: `claude-${name}`,
    litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_key: ANTHROPIC_KEY, api_base: `${upstream.url}/${name}` },
    model_info: { id: `claude-${name}-1`, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015, cache_read_input_token_cost: 0.0000003, cache_creation_input_token_cost: 0.00000375 },
  }));
  const config = buildGatewayConfig({ model_list, router_settings: { num_retries: 0 }, general_settings: { master_key: MASTER } }, {});
  const { service } = createGatewayApp({ config, logger: createLogger('gateway', { level: 'silent' }), onSettled: (r) => void settled.push(r), env: {} });
  gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  client = new OpenAI({ apiKey: MASTER, baseURL: `http://127.0.0.1:${gateway.port}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

const ask = [{ role: 'user' as const, content: 'Hello, how are you?' }];

describe('the openai SDK against an Anthropic deployment (recorded responses)', () => {
  it('gets a chat completion from anthropic-text.json; the upstream got an Anthropic request with our key', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'claude-text', messages: [{ role: 'system', content: 'Be nice.' }, ...ask], temperature: 0.5 }).withResponse();
    expect(data.choices[0]?.message.content).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41, prompt_tokens_details: { cached_tokens: 0 } });
    expect(response.headers.get('x-switchboard-deployment')).toBe('claude-text-1');
    const [call] = upstream.calls;
    expect(call?.headers).toMatchObject({ 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' });
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 4096, temperature: 0.5, system: [{ type: 'text', text: 'Be nice.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }] });
  });

  it('gets tool calls from anthropic-json-tool.1.json', async () => {
    const result = await client.chat.completions.create({ model: 'claude-tool', messages: ask, tools: [{ type: 'function', function: { name: 'json', parameters: { type: 'object' } } }], tool_choice: 'required' });
    const call = result.choices[0]?.message.tool_calls?.[0];
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa', type: 'function', function: { name: 'json' } });
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}').elements).toHaveLength(4);
    expect(upstream.calls[0]?.body).toMatchObject({ tool_choice: { type: 'any' }, tools: [{ name: 'json', input_schema: { type: 'object' } }] });
  });

  it('keeps thinking out of the answer (anthropic-clear-thinking.1.json)', async () => {
    const result = await client.chat.completions.create({ model: 'claude-thinking', messages: ask });
    expect(result.choices[0]?.message.content).toBe('925 ÷ 5 = 185');
    expect((result.choices[0]?.message as unknown as { reasoning_content: string }).reasoning_content).toBe('925 divided by 5 = 185');
  });

  it('maps the recorded invalid_request_error to a 400 in OpenAI shape', async () => {
    const error = await client.chat.completions.create({ model: 'claude-error', messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request_error', message: expect.stringContaining('tool_use_id') });
  });
});

describe('the openai SDK streaming from an Anthropic deployment (recorded streams)', () => {
  it('streams anthropic-text.chunks.txt chunk by chunk, with usage when asked', async () => {
    const stream = await client.chat.completions.create({ model: 'claude-text', messages: ask, stream: true, stream_options: { include_usage: true } });
    const arrivals: number[] = [];
    let text = '';
    let usage;
    let finish;
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) {
        text += piece;
        arrivals.push(performance.now());
      }
      finish ??= chunk.choices[0]?.finish_reason ?? undefined;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 });
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(100); // 6 deltas written 40 ms apart
    expect(upstream.calls[0]?.body).toMatchObject({ stream: true, max_tokens: 4096 });
  });

  it('accumulates a streamed tool call (anthropic-json-tool.1.chunks.txt) with the SDK\'s stream helper', async () => {
    const runner = client.chat.completions.stream({ model: 'claude-tool', messages: ask, tools: [{ type: 'function', function: { name: 'json', parameters: { type: 'object' } } }] });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.id).toBe('toolu_01KFbKqPYSuAKujiL6mTfzYA');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
  });

  it('bills prompt-cache reads and writes from the stream (prompt-cache recording)', async () => {
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'claude-cache', messages: ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('The sum of the squares of the numbers 1 through 12 is **650**.');
    expect(settled[0]?.usage).toEqual({ promptTokens: 9632, completionTokens: 198, totalTokens: 9830, cachedPromptTokens: 6289, cacheCreationTokens: 3337, reasoningTokens: 0 });
    // 6 fresh input tokens, 3337 cache writes, 6289 cache reads, 198 output tokens, each at its own price.
    expect(settled[0]?.costNanoUsd).toBe(Math.round((6 * 0.000003 + 3337 * 0.00000375 + 6289 * 0.0000003 + 198 * 0.000015) * 1e9));
  });

  it('takes input tokens from message_delta (message-delta-input-tokens recording)', async () => {
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'claude-delta', messages: ask, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('pong');
    expect(settled[0]?.usage).toEqual({ promptTokens: 61, completionTokens: 2, totalTokens: 63 });
  });
});
