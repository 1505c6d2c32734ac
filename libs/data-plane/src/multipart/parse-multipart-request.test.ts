import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HttpError } from '@switchboard/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMultipartRequest, type MultipartLimits, type ParsedMultipart } from './parse-multipart-request.ts';

const BOUNDARY = '----switchboard-test-boundary';
const LIMITS: MultipartLimits = { maxBytes: 30 * 1024 * 1024, maxParts: 1000, maxFieldBytes: 1024, maxFileBytes: 25 * 1024 * 1024 };

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

function multipartBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`), part.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** `count` small fields (200,000 make about 24 MB: the upload that blocked the event loop for 4 s), built as one string. */
function manyPartBody(count: number, valueBytes: number): Buffer {
  const value = 'x'.repeat(valueBytes);
  let text = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n`;
  for (let i = 0; i < count - 1; i++) text += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${value}\r\n`;
  return Buffer.from(`${text}--${BOUNDARY}--\r\n`);
}

interface Outcome {
  parsed?: ParsedMultipart;
  error?: unknown;
  /** When the parse settled, relative to the first byte sent. */
  settledAfterMs: number;
}

let server: Server;
let port: number;
let limits = LIMITS;
let lastOutcome: Promise<Outcome>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const started = performance.now();
    lastOutcome = parseMultipartRequest(req, limits).then(
      (parsed) => ({ parsed, settledAfterMs: performance.now() - started }),
      (error: unknown) => ({ error, settledAfterMs: performance.now() - started }),
    );
    void lastOutcome.then((outcome) => {
      const status = outcome.error instanceof HttpError ? outcome.error.status : outcome.error ? 500 : 200;
      res.writeHead(status, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends the body in 64 KiB writes, as a client on a real socket would, and waits for the server's answer. */
async function send(body: Buffer, options: { contentType?: string; limits?: MultipartLimits; truncateAt?: number } = {}): Promise<Outcome & { status: number }> {
  limits = options.limits ?? LIMITS;
  const length = options.truncateAt ?? body.length;
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ port, method: 'POST', path: '/', headers: { 'content-type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(length) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may answer and close before the whole body is written: that is the point of some tests.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    void (async () => {
      for (let offset = 0; offset < length && !req.destroyed; offset += 65_536) {
        if (!req.write(body.subarray(offset, Math.min(offset + 65_536, length)))) await new Promise((drained) => req.once('drain', drained));
      }
      req.end();
    })();
  });
  return { ...(await lastOutcome), status };
}

function expectRefusal(outcome: Outcome, status: number, code: string): void {
  expect(outcome.error).toBeInstanceOf(HttpError);
  expect((outcome.error as HttpError).status).toBe(status);
  expect((outcome.error as HttpError).code).toBe(code);
}

describe('parseMultipartRequest', () => {
  it('returns every field and the file with its bytes intact', async () => {
    const audio = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
    const body = multipartBody([
      { name: 'model', value: 'whisper-1' },
      { name: 'file', filename: 'speech.wav', contentType: 'audio/wav', data: audio },
      { name: 'response_format', value: 'verbose_json' },
      { name: 'timestamp_granularities[]', value: 'word' },
      { name: 'timestamp_granularities[]', value: 'segment' },
      { name: 'prompt', value: 'Grüße, 東京' },
    ]);
    const outcome = await send(body);
    expect(outcome.status).toBe(200);
    const { form, file, bytes } = outcome.parsed!;
    expect(bytes).toBe(body.length);
    expect(form.get('model')).toBe('whisper-1');
    expect(form.get('response_format')).toBe('verbose_json');
    expect(form.getAll('timestamp_granularities[]')).toEqual(['word', 'segment']);
    expect(form.get('prompt')).toBe('Grüße, 東京');
    expect(file).toMatchObject({ field: 'file', filename: 'speech.wav', contentType: 'audio/wav' });
    expect(Buffer.from(await file!.file.arrayBuffer()).equals(audio)).toBe(true);
    const inForm = form.get('file') as File;
    expect(inForm.name).toBe('speech.wav');
    expect(Buffer.from(await inForm.arrayBuffer()).equals(audio)).toBe(true);
    expect([...form.keys()].filter((key) => key !== 'file')).toEqual(['model', 'response_format', 'timestamp_granularities[]', 'timestamp_granularities[]', 'prompt']);
  });

  it('accepts a body without a file (the caller decides that file is required)', async () => {
    const outcome = await send(multipartBody([{ name: 'model', value: 'whisper-1' }]));
    expect(outcome.parsed?.file).toBeUndefined();
    expect(outcome.parsed?.form.get('model')).toBe('whisper-1');
  });

  it('refuses 200,000 tiny parts as soon as it passes maxParts, long before the body ends', async () => {
    const body = manyPartBody(200_000, 60);
    const outcome = await send(body, { limits: { ...LIMITS, maxParts: 100 } });
    expectRefusal(outcome, 413, 'too_many_parts');
    expect(outcome.status).toBe(413);
    // The 101st part is in the first 64 KiB chunk: nothing close to the whole body was parsed.
    expect(outcome.settledAfterMs).toBeLessThan(1000);
  });

  it('parses a 24 MB, 200,000-part body without blocking the event loop for long', async () => {
    const body = manyPartBody(200_000, 60);
    expect(body.length).toBeGreaterThan(20 * 1024 * 1024);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const outcome = await send(body, { limits: { ...LIMITS, maxParts: 250_000 } });
    delay.disable();
    expect(outcome.status).toBe(200);
    expect(outcome.parsed?.form.getAll('f199998')).toEqual(['x'.repeat(60)]);
    const maxBlockedMs = delay.max / 1e6;
    console.info(`24 MB / 200,000 parts: parsed in ${outcome.settledAfterMs.toFixed(0)} ms, event loop blocked at most ${maxBlockedMs.toFixed(1)} ms`);
    // A regression guard only, not a speed target (those live in bench/). Measured here: 150-240 ms on 2 busy
    // shared cores, 430 ms once with the whole suite running beside it; the one-pass `Response.formData()` it
    // replaced blocked for 1-4 s. The bound sits between the two.
    expect(maxBlockedMs).toBeLessThan(900);
  });

  it('refuses a body larger than maxBytes by its Content-Length', async () => {
    const body = multipartBody([{ name: 'model', value: 'whisper-1' }, { name: 'file', filename: 'a.mp3', contentType: 'audio/mpeg', data: Buffer.alloc(4096) }]);
    const outcome = await send(body, { limits: { ...LIMITS, maxBytes: 1024 } });
    expectRefusal(outcome, 413, 'request_too_large');
    expect(outcome.status).toBe(413);
  });

  it('counts streamed bytes against maxBytes too, whatever Content-Length said', async () => {
    const body = multipartBody([{ name: 'model', value: 'whisper-1' }, { name: 'file', filename: 'a.mp3', contentType: 'audio/mpeg', data: Buffer.alloc(200_000) }]);
    limits = { ...LIMITS, maxBytes: 100_000 };
    const req = new (await import('node:stream')).PassThrough() as unknown as import('node:http').IncomingMessage;
    Object.assign(req, { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, complete: false });
    const parsing = parseMultipartRequest(req, limits);
    (req as unknown as NodeJS.WritableStream).end(body);
    await expect(parsing).rejects.toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('refuses a field larger than maxFieldBytes', async () => {
    const outcome = await send(multipartBody([{ name: 'model', value: 'whisper-1' }, { name: 'prompt', value: 'p'.repeat(2000) }]));
    expectRefusal(outcome, 413, 'field_too_large');
  });

  it('refuses a file larger than maxFileBytes', async () => {
    const body = multipartBody([{ name: 'model', value: 'whisper-1' }, { name: 'file', filename: 'a.wav', contentType: 'audio/wav', data: Buffer.alloc(2_000_000) }]);
    const outcome = await send(body, { limits: { ...LIMITS, maxFileBytes: 1_000_000 } });
    expectRefusal(outcome, 413, 'file_too_large');
    expect(outcome.status).toBe(413);
  });

  it('refuses a second file part', async () => {
    const file = { name: 'file', filename: 'a.wav', contentType: 'audio/wav', data: Buffer.alloc(10) };
    expectRefusal(await send(multipartBody([file, file])), 400, 'invalid_multipart_body');
  });

  it('refuses a part name longer than 200 bytes', async () => {
    expectRefusal(await send(multipartBody([{ name: 'n'.repeat(300), value: 'v' }])), 400, 'invalid_multipart_body');
    expectRefusal(await send(multipartBody([{ name: 'n'.repeat(300), filename: 'a.wav', contentType: 'audio/wav', data: Buffer.alloc(10) }])), 400, 'invalid_multipart_body');
  });

  it('refuses a body whose parts use another boundary than the header names', async () => {
    const body = multipartBody([{ name: 'model', value: 'whisper-1' }], 'some-other-boundary');
    const outcome = await send(body);
    expectRefusal(outcome, 400, 'invalid_multipart_body');
    expect(outcome.status).toBe(400);
  });

  it('refuses a content type without a boundary', async () => {
    expectRefusal(await send(multipartBody([{ name: 'model', value: 'whisper-1' }]), { contentType: 'multipart/form-data' }), 400, 'invalid_content_type');
    expectRefusal(await send(multipartBody([{ name: 'model', value: 'whisper-1' }]), { contentType: 'multipart/form-data; charset=utf-8' }), 400, 'invalid_multipart_body');
  });

  it('refuses a body cut off before its closing boundary', async () => {
    const body = multipartBody([{ name: 'model', value: 'whisper-1' }, { name: 'file', filename: 'a.wav', contentType: 'audio/wav', data: Buffer.alloc(50_000) }]);
    const outcome = await send(body, { truncateAt: body.length - 5000 });
    expectRefusal(outcome, 400, 'invalid_multipart_body');
    expect(outcome.status).toBe(400);
  });

  it('refuses a client that disconnects mid-body', async () => {
    limits = LIMITS;
    const body = multipartBody([{ name: 'file', filename: 'a.wav', contentType: 'audio/wav', data: Buffer.alloc(500_000) }]);
    const req = request({ port, method: 'POST', path: '/', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(body.length) } });
    req.on('error', () => undefined);
    req.write(body.subarray(0, 100_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    const outcome = await lastOutcome;
    expectRefusal(outcome, 400, 'invalid_multipart_body');
  });

  it('refuses content types other than multipart/form-data', async () => {
    expectRefusal(await send(Buffer.from('{"model":"whisper-1"}'), { contentType: 'application/json' }), 400, 'invalid_content_type');
    expectRefusal(await send(Buffer.from('model=whisper-1'), { contentType: 'application/x-www-form-urlencoded' }), 400, 'invalid_content_type');
  });
});
