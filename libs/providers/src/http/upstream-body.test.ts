import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CallAbortController } from '../call-signal.ts';
import { ProviderError } from '../provider-error.ts';
import { UpstreamBody, type Exchange } from './upstream-body.ts';

/** A body fed by hand, and an exchange that records what the reader did to the call. */
function exchangeOver(mode: Exchange['mode'] = 'stream') {
  const source = new Readable({ read() {} });
  const client = new CallAbortController();
  const seen = { deadlineStops: 0, releases: 0 };
  const exchange: Exchange = {
    source: source as unknown as Exchange['source'],
    mode,
    signals: { client: client.signal, deadline: { aborted: false }, deadlineMs: 1_000 },
    stopDeadline: () => seen.deadlineStops++,
    release: () => seen.releases++,
    endMarkerSeen: false,
  };
  return { source, client, seen, exchange, body: new UpstreamBody(exchange) };
}

const text = (chunk: Uint8Array | undefined) => Buffer.from(chunk ?? []).toString();

describe('UpstreamBody', () => {
  it('hands out what arrived, waits for more, and ends with the body', async () => {
    const { source, seen, body } = exchangeOver();
    source.push('a');
    expect(text((await body.next()).value)).toBe('a');
    const pending = body.next();
    setTimeout(() => source.push('b'), 5);
    expect(text((await pending).value)).toBe('b');
    source.push('c');
    source.push(null);
    const rest: string[] = [];
    for await (const chunk of body) rest.push(text(chunk));
    expect(rest).toEqual(['c']);
    expect(seen.deadlineStops).toBeGreaterThanOrEqual(2);
    expect(seen.releases).toBe(1);
    expect(await body.next()).toEqual({ done: true, value: undefined });
  });

  it('leaves the deadline running for a JSON body (it covers the whole call)', async () => {
    const { source, seen, body } = exchangeOver('json');
    source.push('{}');
    source.push(null);
    for await (const chunk of body) expect(text(chunk)).toBe('{}');
    expect(seen.deadlineStops).toBe(0);
  });

  it('reports a failure mid-body as a ProviderError, after what was already buffered', async () => {
    const { source, seen, body } = exchangeOver();
    source.push('first');
    source.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const received: string[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of body) received.push(text(chunk));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'upstream_error', status: 502 });
    expect(seen.releases).toBe(1);
  });

  it('fails a read that is waiting when the body fails, and names a client abort as such', async () => {
    const { source, client, body } = exchangeOver();
    const pending = body.next();
    client.abort();
    source.destroy(new Error('aborted'));
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', status: 499 });
  });

  it('treats a body closed before its end as cut, not as complete', async () => {
    const { source, body } = exchangeOver();
    const pending = body.next();
    source.destroy();
    await expect(pending).rejects.toMatchObject({ kind: 'upstream_error' });
  });

  it('closes the upstream when the reader leaves early, and lets it drain after the end marker', async () => {
    const early = exchangeOver();
    early.source.push('a');
    for await (const chunk of early.body) if (text(chunk) === 'a') break;
    expect(early.source.destroyed).toBe(true);
    expect(early.seen.releases).toBe(1);

    const marked = exchangeOver();
    marked.source.push('data: [DONE]\n\n');
    for await (const chunk of marked.body) {
      expect(text(chunk)).toContain('[DONE]');
      marked.exchange.endMarkerSeen = true;
      break;
    }
    expect(marked.source.destroyed).toBe(false);
    marked.source.push(null);
    await new Promise((resolve) => marked.source.once('end', resolve));
    expect(marked.seen.releases).toBe(1);
  });

  it('ends at once when the body had already ended before the first read', async () => {
    const { source, body } = exchangeOver();
    source.push(null);
    source.resume();
    await new Promise((resolve) => source.once('end', resolve));
    expect(await body.next()).toEqual({ done: true, value: undefined });
  });
});
