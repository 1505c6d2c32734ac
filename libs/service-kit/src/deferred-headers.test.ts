import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addHeader, DeferredHeadersResponse, headerOf } from './deferred-headers.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** One GET against a server whose handler is `handle`; `deferred` picks our response class or Node's. */
async function answer(handle: (res: ServerResponse) => void, deferred = true): Promise<{ status: number; message: string; headers: IncomingHttpHeaders; raw: string[]; body: string }> {
  const server = deferred ? createServer({ ServerResponse: DeferredHeadersResponse }, (_req, res) => handle(res)) : createServer((_req, res) => handle(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, message: res.statusMessage ?? '', headers: res.headers, raw: res.rawHeaders, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('DeferredHeadersResponse and addHeader', () => {
  it('holds added headers until the head and writes them with the ones writeHead gives', async () => {
    const got = await answer((res) => {
      expect(res).toBeInstanceOf(DeferredHeadersResponse);
      addHeader(res, 'x-one', '1');
      addHeader(res, 'x-two', '2');
      expect(res.getHeader('x-one')).toBeUndefined();
      expect(headerOf(res, 'x-one')).toBe('1');
      res.writeHead(201, ['content-type', 'text/plain']);
      res.end('ok');
    });
    expect(got).toMatchObject({ status: 201, body: 'ok', headers: { 'x-one': '1', 'x-two': '2', 'content-type': 'text/plain' } });
  });

  it('the same name again replaces the value', async () => {
    const got = await answer((res) => {
      addHeader(res, 'x-one', '1');
      addHeader(res, 'x-one', 'again');
      res.end();
    });
    expect(got.raw.filter((name) => name.toLowerCase() === 'x-one')).toHaveLength(1);
    expect(got.headers['x-one']).toBe('again');
  });

  it('writes them when the head goes out implicitly: end, write, flushHeaders', async () => {
    for (const write of [(res: ServerResponse) => res.end('e'), (res: ServerResponse) => (res.write('w'), res.end()), (res: ServerResponse) => (res.flushHeaders(), res.end())]) {
      const got = await answer((res) => {
        res.statusCode = 202;
        addHeader(res, 'x-request-id', 'r1');
        write(res);
      });
      expect(got.status).toBe(202);
      expect(got.headers['x-request-id']).toBe('r1');
    }
  });

  it("writeHead's own headers win over deferred ones of the same name, in any spelling and form", async () => {
    const forms = [{ 'Content-Type': 'a/given' }, ['Content-Type', 'a/given'], [['content-type', 'a/given']]];
    for (const form of forms) {
      const got = await answer((res) => {
        addHeader(res, 'content-type', 'a/deferred');
        addHeader(res, 'x-kept', 'yes');
        res.writeHead(200, form as never);
        res.end();
      });
      expect(got.raw.filter((name) => name.toLowerCase() === 'content-type')).toHaveLength(1);
      expect(got.headers).toMatchObject({ 'content-type': 'a/given', 'x-kept': 'yes' });
    }
  });

  it('takes a reason phrase, and an undefined value in a headers object means no header', async () => {
    const got = await answer((res) => {
      addHeader(res, 'x-one', '1');
      res.writeHead(404, 'Gone Fishing', { 'x-absent': undefined, 'x-two': '2' });
      res.end();
    });
    expect(got.status).toBe(404);
    expect(got.message).toBe('Gone Fishing');
    expect(got.headers).toMatchObject({ 'x-one': '1', 'x-two': '2' });
    expect(got.headers['x-absent']).toBeUndefined();
  });

  it('mixes with setHeader: both kinds are written, writeHead still wins', async () => {
    const got = await answer((res) => {
      res.setHeader('Connection', 'close');
      res.setHeader('x-set', 's');
      addHeader(res, 'x-added', 'a');
      res.writeHead(200, { 'x-set': 'given' });
      res.end();
    });
    expect(got.headers).toMatchObject({ connection: 'close', 'x-set': 'given', 'x-added': 'a' });
  });

  it("on Node's own response class (and after Express swaps the prototype) addHeader is setHeader", async () => {
    const got = await answer((res) => {
      addHeader(res, 'x-one', '1');
      expect(res.getHeader('x-one')).toBe('1');
      expect(headerOf(res, 'x-one')).toBe('1');
      res.end();
    }, false);
    expect(got.headers['x-one']).toBe('1');
    const swapped = await answer((res) => {
      Object.setPrototypeOf(res, Object.create(Object.getPrototypeOf(DeferredHeadersResponse.prototype) as object));
      addHeader(res, 'x-one', '1');
      expect(res.getHeader('x-one')).toBe('1');
      res.end();
    });
    expect(swapped.headers['x-one']).toBe('1');
  });

  it('after the head went out, adding a header fails as setHeader does', async () => {
    let thrown: unknown;
    await answer((res) => {
      res.writeHead(200);
      try {
        addHeader(res, 'x-late', '1');
      } catch (err) {
        thrown = err;
      }
      res.end();
    });
    expect((thrown as NodeJS.ErrnoException | undefined)?.code).toBe('ERR_HTTP_HEADERS_SENT');
  });
});
