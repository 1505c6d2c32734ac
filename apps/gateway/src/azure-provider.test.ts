import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import type { RunningService } from '@switchboard/service-kit';
import { startTestGateway } from './testing/start-test-gateway.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-test';
const AZURE_KEY = 'azure-upstream-key-0123456789abcdef';
const VERSION = '2024-10-21';
const FIXTURES = new URL('../../../libs/providers/src/__fixtures__/openai/', import.meta.url);
const upstream = new FakeOpenAiUpstream();
const settled: CallRecord[] = [];
let gateway: RunningService;
let client: OpenAI;
let origin: string;

const recordedChunks = readFileSync(new URL('azure-model-router.1.chunks.txt', FIXTURES), 'utf8').split('\n').filter((line) => line.trim() !== '');
const violence = { hate: { filtered: false, severity: 'safe' }, violence: { filtered: true, severity: 'medium' } };

beforeAll(async () => {
  await upstream.start();
  upstream
    .on('/ok/openai/deployments/gpt-5-nano/chat/completions', async (call, res) => {
      if (!call.body.stream) return sendJson(res, chatCompletion('gpt-5-nano-2025-08-07', 'Copenhagen.'));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of recordedChunks) res.write(`data: ${chunk}\n\n`);
      res.end('data: [DONE]\n\n');
    })
    .on('/filtered/openai/deployments/gpt-5-nano/chat/completions', (_call, res) =>
      sendJson(res, { error: { code: 'content_filter', message: 'The response was filtered', param: 'prompt', status: 400, innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: violence } } }, 400),
    )
    .on('/openai/deployments/gpt-5-nano/chat/completions', (call, res) => sendJson(res, chatCompletion(String(call.body.model), 'passed through')));
  const azure = (name: string) => ({
    model_name: `azure-${name}`,
    litellm_params: { model: 'azure/gpt-5-nano', api_key: AZURE_KEY, api_base: `${upstream.url}/${name}`, api_version: VERSION },
    model_info: { id: `azure-${name}-1`, input_cost_per_token: 0.00000005, output_cost_per_token: 0.0000004 },
  });
  const model_list = [azure('ok'), azure('filtered'), { model_name: 'azure-pass', litellm_params: { model: 'azure/gpt-5-nano', api_key: AZURE_KEY, api_base: `${upstream.url}/openai`, use_in_pass_through: true } }];
  ({ gateway, origin, client } = await startTestGateway(model_list, { masterKey: MASTER, onSettled: (r) => void settled.push(r) }));
});

afterAll(async () => {
  await gateway.shutdown('test over');
  await upstream.stop();
});

beforeEach(() => {
  upstream.calls.length = 0;
  settled.length = 0;
});

const ask = [{ role: 'user' as const, content: 'Capital of Denmark?' }];

describe('the openai SDK against an Azure OpenAI deployment', () => {
  it('gets a completion from the deployment URL with api-version and the api-key header', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'azure-ok', messages: ask }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Copenhagen.');
    expect(response.headers.get('x-switchboard-response-cost')).not.toBe('0');
    expect(upstream.calls[0]?.path).toBe(`/ok/openai/deployments/gpt-5-nano/chat/completions?api-version=${VERSION}`);
    expect(upstream.calls[0]?.headers['api-key']).toBe(AZURE_KEY);
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('streams the recorded azure-model-router.1.chunks.txt, billing reasoning tokens', async () => {
    let text = '';
    let usage;
    for await (const chunk of await client.chat.completions.create({ model: 'azure-ok', messages: ask, stream: true, stream_options: { include_usage: true } })) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Capital of Denmark.');
    expect(usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 78, completion_tokens_details: { reasoning_tokens: 64 } });
    expect(settled[0]?.usage).toMatchObject({ reasoningTokens: 64 });
  });

  it('maps a content-filter refusal to a 400 naming the category', async () => {
    const error = await client.chat.completions.create({ model: 'azure-filtered', messages: ask }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'content_filter', message: expect.stringContaining('violence (medium)') });
  });

  it('/azure passthrough swaps the gateway key for the deployment\'s api-key', async () => {
    const res = await fetch(`${origin}/azure/openai/deployments/gpt-5-nano/chat/completions?api-version=${VERSION}`, { method: 'POST', headers: { 'api-key': MASTER, 'content-type': 'application/json' }, body: JSON.stringify({ messages: ask }) });
    expect(res.status).toBe(200);
    expect(upstream.calls[0]?.path).toBe(`/openai/deployments/gpt-5-nano/chat/completions?api-version=${VERSION}`);
    expect(upstream.calls[0]?.headers['api-key']).toBe(AZURE_KEY);
  });
});
