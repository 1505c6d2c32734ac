import { z } from 'zod';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeUpstreamAgent } from '../http/upstream-agent.ts';
import { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../testing/fake-upstream.ts';
import { fixtureChunks, fixtureJson } from '../testing/fixtures.ts';
import { collect, collectUntilError, testContext, testTarget } from '../testing/test-call.ts';
import { geminiAdapter } from './gemini-adapter.ts';

const GEMINI_BASE = 'https://generativelanguage.googleapis.com';
const KEY = 'AIzaSyTESTKEY0123456789abcdefghijklmn';
const GENERATE = 'POST /v1beta/models/gemini-3-pro-preview:generateContent';
const STREAM = 'POST /v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse';

let fake: FakeUpstream;
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});
afterAll(closeUpstreamAgent);

async function serve(...routes: FakeRoute[]) {
  fake = await startFakeUpstream(routes);
  return testTarget({ provider: 'gemini', apiBase: fake.base(GEMINI_BASE), model: 'gemini-3-pro-preview', apiKey: KEY });
}

const keyHeader = { authorization: 'absent' as const, headers: { 'x-goog-api-key': KEY } };
const chatRequest = { model: 'public', messages: [{ role: 'user', content: 'How many r in strawberry?' }] };
const replay = (file: string) => ({ sse: fixtureChunks(`google/${file}`), done: false });
const parse = (data: string) => JSON.parse(data) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[]; usage?: Record<string, unknown> };

describe('gemini adapter: recorded responses', () => {
  it('replays google-text.json with the key in a header (never the URL); thinking tokens billed as reasoning', async () => {
    const target = await serve({ route: GENERATE, expect: { ...keyHeader, body: z.object({ contents: z.array(z.unknown()) }).passthrough() }, reply: { json: fixtureJson('google/google-text.json') } });
    const result = await geminiAdapter.json('chat', { ...chatRequest, messages: [{ role: 'system', content: 'Be exact.' }, ...chatRequest.messages], max_tokens: 500, temperature: 0.1, top_p: 0.8, stop: ['X'] }, target, testContext());
    expect(result.body).toMatchObject({
      id: 'Un6LacrVMcjUxs0PmJfWoQc',
      object: 'chat.completion',
      model: 'gemini-3-pro-preview',
      choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." } }],
      usage: { prompt_tokens: 9, completion_tokens: 272, total_tokens: 281, completion_tokens_details: { reasoning_tokens: 244 } },
    });
    expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 272, totalTokens: 281, reasoningTokens: 244 });
    expect(fake.requests[0]?.route).not.toContain(KEY);
    expect(fake.requests[0]?.json).toEqual({
      systemInstruction: { parts: [{ text: 'Be exact.' }] },
      contents: [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }],
      generationConfig: { maxOutputTokens: 500, temperature: 0.1, topP: 0.8, stopSequences: ['X'] },
    });
  });

  it('replays google-tool-call.json as a tool call (finish_reason tool_calls) and sends tools, tool_choice, tool results and images', async () => {
    const target = await serve({ route: GENERATE, reply: { json: fixtureJson('google/google-tool-call.json') } });
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_9', content: '{"temp":21}' },
    ];
    const tools = [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
    const result = await geminiAdapter.json('chat', { model: 'x', messages, tools, tool_choice: { type: 'function', function: { name: 'weather' } } }, target, testContext());
    const choice = (result.body.choices as { message: { content: unknown; tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[])[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls[0]).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } });
    expect(fake.requests[0]?.json).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temp: 21 } } }] },
      ],
      tools: [{ functionDeclarations: [{ name: 'weather', description: 'Weather', parameters: tools[0]?.function.parameters }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
    });
  });

  it('carries the thought signature of a function call in its id and sends it back on the next turn (Gemini 3 needs it)', async () => {
    const recorded = fixtureJson('google/google-tool-call.json');
    const target = await serve({ route: GENERATE, reply: { json: recorded } });
    const first = await geminiAdapter.json('chat', chatRequest, target, testContext());
    const call = (first.body.choices as { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] } }[])[0]?.message.tool_calls[0];
    const signature = ((recorded.candidates as { content: { parts: { thoughtSignature: string }[] } }[])[0]?.content.parts[0]?.thoughtSignature) as string;
    expect(call?.id.endsWith(`__thought__${signature}`)).toBe(true);
    await geminiAdapter.json('chat', { model: 'x', messages: [...chatRequest.messages, { role: 'assistant', content: null, tool_calls: [{ ...call, type: 'function' }] }, { role: 'tool', tool_call_id: call?.id, content: 'sunny' }] }, target, testContext());
    expect((fake.requests[1]?.json as { contents: unknown[] }).contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: signature }] });
  });

  it('asks for JSON with responseMimeType and a responseSchema Gemini accepts', async () => {
    const target = await serve({ route: GENERATE, reply: { json: fixtureJson('google/google-text.json') } });
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    await geminiAdapter.json('chat', { ...chatRequest, response_format: { type: 'json_schema', json_schema: { name: 'count', schema, strict: true } } }, target, testContext());
    expect((fake.requests[0]?.json as { generationConfig: unknown }).generationConfig).toEqual({ responseMimeType: 'application/json', responseSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } });
  });

  it('turns a blocked prompt, or a safety stop with nothing generated, into a 400 content_policy error', async () => {
    const target = await serve({ route: GENERATE, reply: { json: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } } } });
    await expect(geminiAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind: 'content_policy', status: 400, options: { code: 'PROHIBITED_CONTENT' } });
    await fake.close();
    const safety = { candidates: [{ content: { parts: [] }, finishReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] }] };
    const target2 = await serve({ route: GENERATE, reply: { json: safety } });
    await expect(geminiAdapter.json('chat', chatRequest, target2, testContext())).rejects.toMatchObject({ kind: 'content_policy', message: expect.stringContaining('HARM_CATEGORY_DANGEROUS_CONTENT') });
  });

  it('keeps partial output stopped for safety, with finish_reason content_filter', async () => {
    const target = await serve({ route: GENERATE, reply: { json: { candidates: [{ content: { parts: [{ text: 'Part of it' }] }, finishReason: 'RECITATION' }] } } });
    const result = await geminiAdapter.json('chat', chatRequest, target, testContext());
    expect((result.body.choices as { finish_reason: string }[])[0]?.finish_reason).toBe('content_filter');
  });
});

describe('gemini adapter: recorded streams', () => {
  it('replays google-text.chunks.txt: text deltas, finish, then the last cumulative usage once', async () => {
    const target = await serve({ route: STREAM, expect: keyHeader, reply: replay('google-text.chunks.txt') });
    const events = await collect(await geminiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.map((e) => e.text ?? '').join('')).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(events.filter((e) => e.finished)).toHaveLength(1);
    expect(events.filter((e) => e.usage)).toHaveLength(1);
    expect(parse(events.at(-2)?.data ?? '').choices[0]?.finish_reason).toBe('stop');
    expect(events.at(-1)?.usage).toMatchObject({ promptTokens: 9, reasoningTokens: 185 });
  });

  it('replays google-tool-call.chunks.txt: one whole tool call, finish_reason tool_calls', async () => {
    const target = await serve({ route: STREAM, reply: replay('google-tool-call.chunks.txt') });
    const events = await collect(await geminiAdapter.stream('chat', chatRequest, target, testContext()));
    const calls = events.flatMap((e) => (parse(e.data).choices[0]?.delta.tool_calls as Record<string, unknown>[] | undefined) ?? []);
    expect(calls).toEqual([{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } }]);
    expect(parse(events.find((e) => e.finished)?.data ?? '').choices[0]?.finish_reason).toBe('tool_calls');
    expect(events.at(-1)?.usage).toEqual({ promptTokens: 29, completionTokens: 60, totalTokens: 89, reasoningTokens: 45 });
  });

  it('ends a stream cut before any finishReason with a clean error', async () => {
    const target = await serve({ route: STREAM, reply: { sse: fixtureChunks('google/google-text.chunks.txt').slice(0, 2), done: false } });
    const { events, error } = await collectUntilError(await geminiAdapter.stream('chat', chatRequest, target, testContext()));
    expect(events.length).toBeGreaterThan(1);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502, message: expect.stringMatching(/cut/) });
  });
});

describe('gemini adapter: errors and embeddings', () => {
  it('maps the recorded 429 RESOURCE_EXHAUSTED with its RetryInfo delay', async () => {
    const target = await serve({ route: GENERATE, reply: { status: 429, json: fixtureJson('google/google-429-retry-info.json') } });
    const error = await geminiAdapter.json('chat', chatRequest, target, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, options: { code: 'RESOURCE_EXHAUSTED', retryAfterSeconds: 35 } });
  });

  it('maps the recorded 400 INVALID_ARGUMENT, 403, 404, 500 and a bad key without echoing it', async () => {
    const target = await serve(
      { route: GENERATE, reply: { status: 400, json: fixtureJson('google/google-thinking-level-minimal-unsupported.json') } },
      { route: STREAM, reply: { status: 400, json: { error: { code: 400, message: `API key not valid: ${KEY}`, status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } } } },
    );
    await expect(geminiAdapter.json('chat', chatRequest, target, testContext())).rejects.toMatchObject({ kind: 'bad_request', status: 400, message: expect.stringContaining('MINIMAL') });
    const badKey = (await geminiAdapter.stream('chat', chatRequest, target, testContext()).catch((e: unknown) => e)) as ProviderError;
    expect(badKey).toMatchObject({ kind: 'authentication' });
    expect(badKey.message).not.toContain(KEY);
    for (const [status, name, kind] of [[403, 'PERMISSION_DENIED', 'permission'], [404, 'NOT_FOUND', 'not_found'], [500, 'INTERNAL', 'upstream_error']] as const) {
      await fake.close();
      const t = await serve({ route: GENERATE, reply: { status, json: { error: { code: status, message: 'x', status: name } } } });
      await expect(geminiAdapter.json('chat', chatRequest, t, testContext())).rejects.toMatchObject({ kind });
    }
  });

  it('embeds one text with embedContent and several with batchEmbedContents', async () => {
    const target = await serve(
      { route: 'POST /v1beta/models/text-embedding-004:embedContent', expect: keyHeader, reply: { json: { embedding: { values: [0.5, 0.25] } } } },
      { route: 'POST /v1beta/models/text-embedding-004:batchEmbedContents', reply: { json: { embeddings: [{ values: [1] }, { values: [2] }] } } },
    );
    const embedTarget = { ...target, model: 'text-embedding-004' };
    const one = await geminiAdapter.json('embeddings', { model: 'e', input: 'hi', dimensions: 2 }, embedTarget, testContext());
    expect(one.body).toEqual({ object: 'list', model: 'text-embedding-004', data: [{ object: 'embedding', index: 0, embedding: [0.5, 0.25] }] });
    expect(fake.requests[0]?.json).toEqual({ model: 'models/text-embedding-004', content: { parts: [{ text: 'hi' }] }, outputDimensionality: 2 });
    const many = await geminiAdapter.json('embeddings', { model: 'e', input: ['a', 'b'] }, embedTarget, testContext());
    expect((many.body.data as { embedding: number[] }[]).map((d) => d.embedding)).toEqual([[1], [2]]);
  });
});
