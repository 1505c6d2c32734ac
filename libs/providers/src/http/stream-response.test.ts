import { describe, expect, it, vi } from 'vitest';
import { CallAbortController } from '../call-signal.ts';
import { ProviderError } from '../provider-error.ts';
import { StreamResponse } from './stream-response.ts';

/** A stream fed by hand as undici would (connect, head, chunks), recording what the reader did to the call. */
function streamOver() {
  const client = new CallAbortController();
  const seen = { deadlineStops: 0, releases: 0, aborts: [] as Error[], resumes: 0 };
  const exchange = new StreamResponse({
    signals: { client: client.signal, deadline: { aborted: false }, deadlineMs: 1_000 },
    stopDeadline: () => seen.deadlineStops++,
    release: () => seen.releases++,
  });
  exchange.onConnect((reason) => {
    seen.aborts.push(reason as Error);
    exchange.onError(reason as Error); // undici reports an abort through onError
  });
  exchange.onHeaders(200, [], () => seen.resumes++);
  return { exchange, client, seen };
}

const text = (chunk: Uint8Array | undefined) => Buffer.from(chunk ?? []).toString();

async function failureOf(read: () => Promise<unknown>): Promise<unknown> {
  try {
    await read();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('StreamResponse', () => {
  it('hands out what arrived, waits for more, and ends with the body; the deadline stops at the first byte', async () => {
    const { exchange, seen } = streamOver();
    await exchange.ready;
    expect(seen.deadlineStops).toBe(0);
    exchange.onData(Buffer.from('a'));
    expect(seen.deadlineStops).toBe(1);
    expect(text((await exchange.next()).value)).toBe('a');
    const pending = exchange.next();
    setTimeout(() => exchange.onData(Buffer.from('b')), 5);
    expect(text((await pending).value)).toBe('b');
    exchange.onData(Buffer.from('c'));
    exchange.onComplete();
    const rest: string[] = [];
    for await (const chunk of exchange) rest.push(text(chunk));
    expect(rest).toEqual(['c']);
    expect(seen.deadlineStops).toBe(1);
    expect(seen.releases).toBe(1);
    expect(seen.aborts).toEqual([]);
    expect(await exchange.next()).toEqual({ done: true, value: undefined });
  });

  it('reports a failure mid-body as a ProviderError, after what had already arrived', async () => {
    const { exchange, seen } = streamOver();
    exchange.onData(Buffer.from('first'));
    exchange.onError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const received: string[] = [];
    const failure = await failureOf(async () => {
      for await (const chunk of exchange) received.push(text(chunk));
    });
    expect(received).toEqual(['first']);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'upstream_error', status: 502 });
    expect(seen.releases).toBe(1);
  });

  it('fails a read that is waiting when the body fails, and names a client abort as such', async () => {
    const { exchange, client } = streamOver();
    const pending = exchange.next();
    client.abort();
    exchange.abort(new Error('aborted'));
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', status: 499 });
  });

  it('pauses the socket when the reader is behind by the high-water mark, and resumes it once caught up', async () => {
    const { exchange, seen } = streamOver();
    const chunk = Buffer.alloc(16 * 1024);
    const answers = [1, 2, 3, 4].map(() => exchange.onData(chunk));
    expect(answers).toEqual([true, true, true, false]); // 64 KB held: undici pauses the parser
    for (let i = 0; i < 3; i++) await exchange.next();
    expect(seen.resumes).toBe(0);
    await exchange.next();
    expect(seen.resumes).toBe(1);
  });

  it('stops the upstream when the reader leaves early', async () => {
    const { exchange, seen } = streamOver();
    exchange.onData(Buffer.from('a'));
    for await (const chunk of exchange) if (text(chunk) === 'a') break;
    expect(seen.aborts).toHaveLength(1);
    expect(seen.releases).toBe(1);
  });

  it('lets the response drain after the end marker, and stops it if it does not end in time', async () => {
    vi.useFakeTimers();
    try {
      const ends = streamOver();
      ends.exchange.onData(Buffer.from('data: [DONE]\n\n'));
      ends.exchange.endMarkerSeen = true;
      await ends.exchange.return();
      expect(ends.exchange.onData(Buffer.from('trailing bytes'))).toBe(true);
      ends.exchange.onComplete();
      vi.advanceTimersByTime(10_000);
      expect(ends.seen.aborts).toEqual([]);
      expect(ends.seen.releases).toBe(1);

      const hangs = streamOver();
      hangs.exchange.endMarkerSeen = true;
      await hangs.exchange.return();
      vi.advanceTimersByTime(4_999);
      expect(hangs.seen.aborts).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(hangs.seen.aborts).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends at once when the body had already ended before the first read, and reads the rest as text', async () => {
    const { exchange } = streamOver();
    exchange.onComplete();
    expect(await exchange.next()).toEqual({ done: true, value: undefined });

    const whole = streamOver().exchange;
    whole.onData(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]));
    whole.onData(Buffer.from('"a":1}'));
    whole.onComplete();
    expect(await whole.text()).toBe('{"a":1}');
  });

  it('rejects ready when the call fails before the answer', async () => {
    const exchange = new StreamResponse({ signals: { client: new CallAbortController().signal, deadline: { aborted: false }, deadlineMs: 1_000 }, stopDeadline: () => undefined, release: () => undefined });
    exchange.onError(new Error('refused'));
    await expect(exchange.ready).rejects.toThrow('refused');
  });
});
