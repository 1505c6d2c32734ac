import { createServer } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error.ts';
import { startFakeUpstream, type FakeUpstream } from '../testing/fake-upstream.ts';
import { testContext, testTarget } from '../testing/test-call.ts';
import { readSseEvents } from './read-sse-events.ts';
import { sendUpstream, type UpstreamCall } from './send-upstream.ts';
import { closeUpstreamAgent } from './upstream-agent.ts';

let fake: FakeUpstream | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(closeUpstreamAgent);

function call(url: string, mode: UpstreamCall['mode'] = 'json'): UpstreamCall {
  return { url, headers: { 'content-type': 'application/json' }, body: '{}', mode };
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sendUpstream', () => {
  it('times out an upstream that never answers with kind timeout / 504, within the deadline', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/hang', reply: { stallAfter: 0 } }]);
    const started = Date.now();
    const error = await failureOf(sendUpstream(call(`${fake.base('https://x/v1')}/hang`), testTarget({ timeoutMs: 300 }), testContext()));
    expect(error).toMatchObject({ kind: 'timeout', status: 504 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('bounds a JSON call whose body stalls after its headers by the same deadline (undici keeps no timers of its own for it)', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/half', reply: { sse: ['{"n":1}'], stallAfter: 1 } }]);
    const started = Date.now();
    // A JSON call resolves only with its whole answer, so the stalled body fails the call itself.
    const error = await failureOf(sendUpstream(call(`${fake.base('https://x/v1')}/half`), testTarget({ timeoutMs: 300 }), testContext()));
    expect(error).toMatchObject({ kind: 'timeout', status: 504 });
    expect(fake.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('stops a JSON call mid-body at once when the client aborts, closing the upstream socket', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/half', reply: { sse: ['{"n":1}'], stallAfter: 1 } }]);
    const ctx = testContext();
    const sending = sendUpstream(call(`${fake.base('https://x/v1')}/half`), testTarget({ timeoutMs: 10_000 }), ctx);
    setTimeout(() => ctx.controller.abort(), 200);
    const error = await failureOf(sending);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(await fake.requests[0]?.closed).toEqual({ completed: false });
  });

  it('tells a JSON call cut mid-answer (502 upstream_error) from one refused before any answer (upstream_unavailable)', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/cut', reply: { sse: ['{"n":1}', '{"n":2}'], cutAfter: 1 } }]);
    const cut = await failureOf(sendUpstream(call(`${fake.base('https://x/v1')}/cut`), testTarget(), testContext()));
    expect(cut).toMatchObject({ kind: 'upstream_error', status: 502 });
    expect(cut.message).toContain('mid-response');
    // A server that reads the request and closes the connection without a byte of answer.
    const closer = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = closer.address() as { port: number };
      const reset = await failureOf(sendUpstream(call(`http://127.0.0.1:${port}/v1/chat/completions`), testTarget(), testContext()));
      expect(reset).toMatchObject({ kind: 'upstream_unavailable', status: 502 });
      expect(reset.message).not.toContain('mid-response');
    } finally {
      await new Promise<void>((resolve) => closer.close(() => resolve()));
    }
  });

  it('gives a JSON call its headers, its whole body as text, and the same body to a reader that iterates', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/ok', reply: { json: { ok: 'é' }, headers: { 'x-upstream': 'yes' } } }]);
    const url = `${fake.base('https://x/v1')}/ok`;
    const response = await sendUpstream(call(url), testTarget(), testContext());
    expect(response.status).toBe(200);
    expect(response.headers['x-upstream']).toBe('yes');
    expect(JSON.parse(await response.text())).toEqual({ ok: 'é' });
    const again = await sendUpstream(call(url), testTarget(), testContext());
    const chunks: Uint8Array[] = [];
    for await (const chunk of again.body) chunks.push(chunk);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ ok: 'é' });
  });

  it('applies the stream deadline until the first byte of the body', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/slow', reply: { sse: ['{}'], stallAfter: 0 } }]);
    const target = testTarget({ timeoutMs: 10_000, streamTimeoutMs: 300 });
    const response = await sendUpstream(call(`${fake.base('https://x/v1')}/slow`, 'stream'), target, testContext());
    const error = await failureOf(response.text());
    expect(error).toMatchObject({ kind: 'timeout', status: 504 });
  });

  it('does not follow a redirect: a 3xx is an upstream_error and the target is never called', async () => {
    fake = await startFakeUpstream([
      { route: 'POST /v1/moved', reply: { status: 307, headers: { location: '/v1/elsewhere' }, text: '' } },
      { route: 'POST /v1/elsewhere', reply: { json: { ok: true } } },
    ]);
    const error = await failureOf(sendUpstream(call(`${fake.base('https://x/v1')}/moved`), testTarget(), testContext()));
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502, options: { upstreamStatus: 307 } });
    expect(fake.requests.map((r) => r.route)).toEqual(['POST /v1/moved']);
  });

  it('reports a refused connection as upstream_unavailable / 503', async () => {
    const port = await freePort();
    const error = await failureOf(sendUpstream(call(`http://127.0.0.1:${port}/v1/x`), testTarget(), testContext()));
    expect(error).toMatchObject({ kind: 'upstream_unavailable', status: 503 });
  });

  it('ends a stream cut by the network with a clean upstream_error', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/cut', reply: { sse: ['{"n":1}', '{"n":2}', '{"n":3}'], cutAfter: 2 } }]);
    const response = await sendUpstream(call(`${fake.base('https://x/v1')}/cut`, 'stream'), testTarget(), testContext());
    const seen: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of readSseEvents(response.body, { expectDone: true })) seen.push(event.data);
      })(),
    );
    expect(seen).toEqual(['{"n":1}', '{"n":2}']);
    expect(error.kind).toBe('upstream_error');
    expect(error.status).toBe(502);
  });

  it('delivers every event of a stream larger than the high-water mark to a slow reader (paused and resumed)', async () => {
    const events = Array.from({ length: 3_000 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(100) }));
    fake = await startFakeUpstream([{ route: 'POST /v1/big', reply: { sse: events } }]);
    const response = await sendUpstream(call(`${fake.base('https://x/v1')}/big`, 'stream'), testTarget(), testContext());
    const seen: string[] = [];
    for await (const event of readSseEvents(response.body, { expectDone: true, onDone: () => response.protocolEnded() })) {
      seen.push(event.data);
      if (seen.length % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1)); // behind the socket
    }
    expect(seen).toEqual(events);
  });

  it('closes the upstream socket at once when the client aborts mid-stream', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/long', reply: { sse: ['{"n":1}', '{"n":2}'], stallAfter: 1 } }]);
    const ctx = testContext();
    const response = await sendUpstream(call(`${fake.base('https://x/v1')}/long`, 'stream'), testTarget(), ctx);
    const iterator = readSseEvents(response.body, { expectDone: true })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ data: '{"n":1}' });
    const pending = iterator.next();
    ctx.controller.abort();
    const error = await failureOf(pending);
    expect(error).toMatchObject({ kind: 'aborted' });
    const closed = await fake.requests[0]?.closed;
    expect(closed).toEqual({ completed: false });
  });

  it('reports an abort before the answer as aborted, not as a timeout', async () => {
    fake = await startFakeUpstream([{ route: 'POST /v1/hang', reply: { stallAfter: 0 } }]);
    const ctx = testContext();
    setTimeout(() => ctx.controller.abort(), 50);
    const error = await failureOf(sendUpstream(call(`${fake.base('https://x/v1')}/hang`), testTarget(), ctx));
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(await fake.requests[0]?.closed).toEqual({ completed: false });
  });
});
