import { describe, expect, it } from 'vitest';
import { deploymentHealth, listGatewayModels, streamChatCompletion } from './gateway-client.ts';
import type { ChatStreamEvent } from './sse.ts';

/** A response whose body arrives in the given pieces (split mid-event on purpose). */
function streamed(pieces: string[], status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'text/event-stream' } });
}

const delta = (text: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n`;

async function collect(events: AsyncGenerator<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const all: ChatStreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('streamChatCompletion', () => {
  it('posts a streaming request with the virtual key and yields the deltas in order', async () => {
    let sent: { url: string; init: RequestInit } | undefined;
    const whole = `${delta('Hello')}${delta(', ')}${delta('world')}data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } })}\n\ndata: [DONE]\n\n`;
    const pieces = [whole.slice(0, 7), whole.slice(7, 50), whole.slice(50, 51), whole.slice(51)];
    const events = await collect(
      streamChatCompletion({
        key: 'sk-test-123456',
        model: 'mock-gpt',
        messages: [{ role: 'user', content: 'hi' }],
        fetchFn: async (url, init = {}) => {
          sent = { url, init };
          return streamed(pieces);
        },
      }),
    );
    expect(sent?.url).toBe('/v1/chat/completions');
    expect((sent?.init.headers as Record<string, string>).authorization).toBe('Bearer sk-test-123456');
    expect(sent?.init.credentials).toBe('omit');
    expect(JSON.parse(String(sent?.init.body))).toMatchObject({ model: 'mock-gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('')).toBe('Hello, world');
    expect(events.at(-2)).toEqual({ type: 'usage', usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } });
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('throws the gateway error in words (a bad key is not a lost session)', async () => {
    const run = collect(
      streamChatCompletion({
        key: 'sk-wrong-123456',
        model: 'mock-gpt',
        messages: [],
        fetchFn: async () => new Response(JSON.stringify({ error: { message: 'Invalid API key', code: 'invalid_api_key' } }), { status: 401 }),
      }),
    );
    await expect(run).rejects.toMatchObject({ status: 401, message: 'Invalid API key' });
  });

  it('yields an error event sent mid-stream', async () => {
    const events = await collect(
      streamChatCompletion({ key: 'sk-k-12345678', model: 'm', messages: [], fetchFn: async () => streamed([delta('partial'), `data: ${JSON.stringify({ error: { message: 'upstream timed out' } })}\n\n`]) }),
    );
    expect(events).toEqual([
      { type: 'delta', text: 'partial' },
      { type: 'error', message: 'upstream timed out' },
    ]);
  });
});

describe('listGatewayModels', () => {
  it('lists the ids the key may call, sorted', async () => {
    const models = await listGatewayModels('sk-k-12345678', async (url, init = {}) => {
      expect(url).toBe('/v1/models');
      expect((init.headers as Record<string, string>).authorization).toBe('Bearer sk-k-12345678');
      return new Response(JSON.stringify({ object: 'list', data: [{ id: 'mock-gpt' }, { id: 'a-model' }, { nope: 1 }] }));
    });
    expect(models).toEqual(['a-model', 'mock-gpt']);
  });
});

describe('deploymentHealth', () => {
  it("says so when the gateway keeps the check for admin keys (the dashboard's login is refused)", async () => {
    expect(await deploymentHealth(async () => new Response('{"error":{"message":"Missing API key"}}', { status: 401 }))).toBe('admin-key-only');
    expect(await deploymentHealth(async () => new Response('{"error":{"message":"admins only"}}', { status: 403 }))).toBe('admin-key-only');
  });

  it('is undefined when the gateway has no per-deployment health endpoint', async () => {
    expect(await deploymentHealth(async () => new Response('{"error":{"message":"Not found"}}', { status: 404 }))).toBeUndefined();
  });

  it('maps healthy and unhealthy endpoints by deployment id', async () => {
    const health = await deploymentHealth(async () => new Response(JSON.stringify({ healthy_endpoints: [{ model_id: 'd1' }], unhealthy_endpoints: [{ model_id: 'd2', error: 'timeout' }] })));
    if (health === 'admin-key-only') throw new Error('expected a report');
    expect(health?.byDeployment.get('d1')).toEqual({ healthy: true });
    expect(health?.byDeployment.get('d2')).toEqual({ healthy: false, error: 'timeout' });
  });
});
