import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error.ts';
import { readSseEvents, type SseEvent } from './read-sse-events.ts';

const encoder = new TextEncoder();

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function read(parts: (string | Uint8Array)[], expectDone = true): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(chunksOf(...parts), { expectDone })) events.push(event);
  return events;
}

describe('readSseEvents', () => {
  it('reads data payloads and stops at [DONE]', async () => {
    const events = await read(['data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n']);
    expect(events).toEqual([{ data: '{"a":1}' }, { data: '{"a":2}' }]);
  });

  it('returns event names, joins multi-line data and skips comments and other fields', async () => {
    const stream = ': keep-alive\n\nevent: response.created\nid: 7\nretry: 100\ndata: {"x":\ndata: 1}\n\nevent: ping\ndata:no-space\n\n';
    expect(await read([stream], false)).toEqual([
      { event: 'response.created', data: '{"x":\n1}' },
      { event: 'ping', data: 'no-space' },
    ]);
  });

  it('accepts \\r\\n and bare \\r line endings, also when the \\r\\n pair is split across chunks', async () => {
    const events = await read(['data: one\r\n\r', '\ndata: two\r\r', 'data: [DONE]\r', '\n\r\n']);
    expect(events).toEqual([{ data: 'one' }, { data: 'two' }]);
  });

  it('gives the same events whatever the chunk boundaries, including inside a UTF-8 character', async () => {
    const stream = 'event: e\r\ndata: {"text":"héllo 🌍"}\r\n\r\n: comment\n\ndata: second\n\ndata: [DONE]\n\n';
    const bytes = encoder.encode(stream);
    const whole = await read([bytes]);
    expect(whole).toEqual([{ event: 'e', data: '{"text":"héllo 🌍"}' }, { data: 'second' }]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await read([bytes.slice(0, cut), bytes.slice(cut)])).toEqual(whole);
    }
    expect(await read(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual(whole);
  });

  it('ends at [DONE], ignoring anything after it', async () => {
    expect(await read(['data: a\n\ndata: [DONE]\n\ndata: late\n\n'])).toEqual([{ data: 'a' }]);
  });

  it('accepts a final [DONE] without the closing blank line', async () => {
    expect(await read(['data: a\n\ndata: [DONE]'])).toEqual([{ data: 'a' }]);
    expect(await read(['data: a\n\ndata: [DONE]\n'])).toEqual([{ data: 'a' }]);
  });

  it('ends a stream cut mid-event with a clean ProviderError', async () => {
    const error = await read(['data: {"a":1}\n\ndata: {"a":'], false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('ends a stream without the expected [DONE] with a ProviderError, and accepts it when none is expected', async () => {
    await expect(read(['data: a\n\n'], true)).rejects.toMatchObject({ kind: 'upstream_error', message: expect.stringContaining('[DONE]') });
    expect(await read(['data: a\n\n'], false)).toEqual([{ data: 'a' }]);
  });
});
