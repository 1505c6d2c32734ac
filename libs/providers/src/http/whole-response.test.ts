import { describe, expect, it, vi } from 'vitest';
import { headersOf } from './dispatch-exchange.ts';
import { WholeResponse } from './whole-response.ts';

const raw = (...pairs: string[]): Buffer[] => pairs.map((part) => Buffer.from(part, 'latin1'));

describe('headersOf', () => {
  it('lowercases names, reads values as UTF-8 and keeps repeated headers as arrays, as undici request() does', () => {
    const value = Buffer.from('naïve', 'utf8');
    const headers = headersOf([...raw('Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'set-cookie', 'c=3', 'X-Name'), value]);
    expect(headers).toEqual({ 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2', 'c=3'], 'x-name': 'naïve' });
    expect(headersOf(null)).toEqual({});
  });
});

describe('WholeResponse', () => {
  it('is ready once the whole answer is in (not at the head), skips an informational status, and reads the chunks whole', async () => {
    const done = vi.fn();
    const exchange = new WholeResponse(done);
    let ready = false;
    void exchange.ready.then(() => (ready = true));
    exchange.onConnect(() => undefined);
    exchange.onHeaders(100, raw());
    exchange.onHeaders(200, raw('content-type', 'application/json'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false); // the head alone does not make a JSON call's answer ready
    expect(exchange.status).toBe(200);
    expect(() => exchange.endedText()).toThrow('not ended');
    exchange.onData(Buffer.from('{"a":'));
    exchange.onData(Buffer.from('"é"}'));
    expect(done).not.toHaveBeenCalled();
    exchange.onComplete();
    await exchange.ready;
    expect(exchange.endedText()).toBe('{"a":"é"}');
    expect(exchange.endedText()).toBe('{"a":"é"}'); // read again after the end
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('drops a leading UTF-8 byte order mark from the text, not from the bytes', () => {
    const exchange = new WholeResponse(() => undefined);
    exchange.onHeaders(200, raw());
    exchange.onData(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
    exchange.onComplete();
    expect(exchange.endedText()).toBe('{}');
    expect(exchange.endedBytes().length).toBe(5);
  });

  it('rejects ready on a failure before the end, whether or not the head had arrived', async () => {
    const early = new WholeResponse(() => undefined);
    early.onError(new Error('refused'));
    await expect(early.ready).rejects.toThrow('refused');
    expect(early.status).toBe(0);

    const late = new WholeResponse(() => undefined);
    late.onHeaders(200, raw());
    late.onData(Buffer.from('{"par'));
    late.onError(new Error('reset'));
    await expect(late.ready).rejects.toThrow('reset');
    expect(() => late.endedBytes()).toThrow('not ended');
    expect(late.status).toBe(200); // what tells sendUpstream the failure came mid-answer
  });

  it('ignores a failure after the end: ready stays resolved and the body stays readable', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const exchange = new WholeResponse(() => undefined);
      exchange.onHeaders(500, raw());
      exchange.onData(Buffer.from('{}'));
      exchange.onComplete();
      exchange.onError(new Error('reset'));
      await exchange.ready;
      expect(exchange.endedText()).toBe('{}');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('aborts through undici once connected, or at connect when aborted before; never after the end', () => {
    const before = new WholeResponse(() => undefined);
    const reason = new Error('deadline');
    before.abort(reason);
    const abortAtConnect = vi.fn();
    before.onConnect(abortAtConnect);
    expect(abortAtConnect).toHaveBeenCalledWith(reason);

    const during = new WholeResponse(() => undefined);
    const abortDuring = vi.fn();
    during.onConnect(abortDuring);
    during.abort(reason);
    expect(abortDuring).toHaveBeenCalledWith(reason);

    const after = new WholeResponse(() => undefined);
    const abortAfter = vi.fn();
    after.onConnect(abortAfter);
    after.onHeaders(200, raw());
    after.onComplete();
    after.abort(reason);
    expect(abortAfter).not.toHaveBeenCalled();
  });

  it('runs done once, whether the exchange ends or fails', () => {
    const done = vi.fn();
    const exchange = new WholeResponse(done);
    exchange.onHeaders(200, raw());
    exchange.onComplete();
    exchange.onError(new Error('late'));
    expect(done).toHaveBeenCalledTimes(1);
  });
});
