import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createServiceApp, HttpError, runService, sendJson, uuidV7, type RunningService } from './index.ts';
import { rawRequest } from './test-http.ts';

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.shutdown('test over')));
});

async function startGateway(setup?: (s: ReturnType<typeof createServiceApp>) => void, drainMs = 0, graceMs = 1000) {
  const serviceApp = createServiceApp('gateway', createLogger('gateway', { level: 'silent' }));
  serviceApp.route('get', '/v1/models', (_req, res) => {
    res.json({ object: 'list', data: [] });
  });
  setup?.(serviceApp);
  const service = await runService(serviceApp, { port: 0, host: '127.0.0.1', drainMs, graceMs });
  running.push(service);
  return service;
}

describe('createServiceApp', () => {
  it('answers liveliness and readiness', async () => {
    const { port } = await startGateway();
    expect((await rawRequest(port, 'GET', '/health/liveliness')).status).toBe(200);
    const ready = await rawRequest(port, 'GET', '/health/readiness');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready' });
  });

  it('answers unknown paths with a JSON 404 in OpenAI error shape', async () => {
    const { port } = await startGateway();
    const res = await rawRequest(port, 'GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(JSON.parse(res.body)).toEqual({
      error: { message: 'No route for GET /nope', type: 'not_found_error', param: null, code: 'route_not_found' },
    });
  });

  it('routes case-sensitively and strictly', async () => {
    const { port } = await startGateway();
    expect((await rawRequest(port, 'GET', '/v1/models')).status).toBe(200);
    expect((await rawRequest(port, 'GET', '/V1/models')).status).toBe(404);
    expect((await rawRequest(port, 'GET', '/v1/models/')).status).toBe(404);
  });

  it.each(['//v1/models', '/v1%2Fmodels', '/v1/models;', '/v1/x/../models', '/v1\\models'])('refuses the tricky spelling %s with 400', async (path) => {
    const { port } = await startGateway();
    const res = await rawRequest(port, 'GET', path);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_path');
  });

  it('routes on the canonical path, so escapes of plain letters reach the same handler auth saw', async () => {
    const seen: string[] = [];
    const { port } = await startGateway((s) => {
      s.route('get', '/v1/embeddings', (req, res) => {
        seen.push(req.path);
        res.json({});
      });
    });
    const res = await rawRequest(port, 'GET', '/v1/%65mbeddings');
    expect(res.status).toBe(200);
    expect(seen).toEqual(['/v1/embeddings']);
  });

  it('ignores the Host header for routing', async () => {
    const { port } = await startGateway();
    const res = await rawRequest(port, 'GET', '/v1/models', { headers: { host: 'backend.internal:4001' } });
    expect(res.status).toBe(200);
  });

  it('refuses to mount a path the table gives to another service', () => {
    const serviceApp = createServiceApp('gateway', createLogger('gateway', { level: 'silent' }));
    expect(() => serviceApp.route('post', '/key/generate', (_req, res) => res.end())).toThrow(/route table/);
  });

  it('renders HttpError with status, Retry-After and no stack; hides unknown errors', async () => {
    const { port } = await startGateway((s) => {
      s.route('get', '/v1/models/:model', (req) => {
        if (req.params.model === 'limited') throw new HttpError(429, 'Rate limit reached', { retryAfter: 2.2 });
        throw new Error('password=hunter2 leaked');
      });
    });
    const limited = await rawRequest(port, 'GET', '/v1/models/limited');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(JSON.parse(limited.body).error.type).toBe('rate_limit_error');
    const crashed = await rawRequest(port, 'GET', '/v1/models/x');
    expect(crashed.status).toBe(500);
    expect(crashed.body).not.toContain('hunter2');
    expect(crashed.body).not.toContain('at ');
  });

  it('gives every response an x-request-id that is a UUIDv7', async () => {
    const { port } = await startGateway();
    const res = await rawRequest(port, 'GET', '/v1/models');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('readiness with dependencies', () => {
  it('is 503 while a required dependency is down and names it', async () => {
    let dbUp = false;
    const { port } = await startGateway((s) => s.health.addCheck('database', async () => ({ ok: dbUp, detail: dbUp ? 'connected' : 'connection refused' })));
    const down = await rawRequest(port, 'GET', '/health/readiness');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body).dependencies.database).toEqual({ ok: false, detail: 'connection refused' });
    dbUp = true;
    expect((await rawRequest(port, 'GET', '/health/readiness')).status).toBe(200);
  });
});

describe('shutdown order (SPEC §6)', () => {
  it('goes 503 at once, keeps serving through the drain, finishes in-flight work, then flushes', async () => {
    const events: string[] = [];
    let releaseSlow: () => void = () => {};
    const serviceApp = createServiceApp('gateway', createLogger('gateway', { level: 'silent' }));
    serviceApp.route('get', '/v1/models', (_req, res) => {
      res.json({ data: [] });
    });
    serviceApp.route('get', '/v1/models/:slow', (_req, res) => {
      events.push('slow started');
      releaseSlow = () => {
        events.push('slow finished');
        res.json({ done: true });
      };
    });
    const service = await runService(serviceApp, {
      port: 0,
      host: '127.0.0.1',
      drainMs: 300,
      graceMs: 5_000,
      onShutdown: async () => {
        events.push('flushed');
      },
    });
    const slow = rawRequest(service.port, 'GET', '/v1/models/slow');
    await new Promise((r) => setTimeout(r, 50));
    const done = service.shutdown('SIGTERM').then(() => events.push('shutdown resolved'));

    const readiness = await rawRequest(service.port, 'GET', '/health/readiness');
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body).status).toBe('draining');
    // Still serving during the drain delay.
    expect((await rawRequest(service.port, 'GET', '/v1/models')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    // After the drain: no new connections.
    await expect(rawRequest(service.port, 'GET', '/v1/models')).rejects.toThrow();
    expect(events).toEqual(['slow started']);
    releaseSlow();
    const slowResponse = await slow;
    expect(slowResponse.status).toBe(200);
    expect(slowResponse.headers.connection).toBe('close');
    await done;
    expect(events).toEqual(['slow started', 'slow finished', 'flushed', 'shutdown resolved']);
  });
});

describe('logger', () => {
  it('redacts credentials at any common nesting', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger('test', { level: 'info', destination: sink });
    logger.info({ authorization: 'Bearer sk-secret-1', req: { headers: { 'x-api-key': 'sk-secret-2' } }, params: { api_key: 'sk-secret-3' }, password: 'pw-secret-4' }, 'hello');
    const out = lines.join('');
    expect(out).toContain('hello');
    for (const secret of ['sk-secret-1', 'sk-secret-2', 'sk-secret-3', 'pw-secret-4']) expect(out).not.toContain(secret);
  });
});

describe('uuidV7', () => {
  it('is time-ordered', () => {
    const a = uuidV7(1_000);
    const b = uuidV7(2_000);
    expect(a < b).toBe(true);
  });

  it('lays out RFC 9562 version 7: 48-bit milliseconds, version 7, variant 10, and random bits that differ', () => {
    const now = 0x0123_4567_89ab;
    const ids = Array.from({ length: 2000 }, () => uuidV7(now));
    for (const id of ids) {
      expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidV7(Date.UTC(2026, 0, 1)).slice(0, 13)).toBe(`${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-')}`);
    expect(uuidV7(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });
});

describe('exact routes outside the Express layer walk', () => {
  it('picks the same route Express would: an earlier wildcard keeps the paths it matches', async () => {
    const { port } = await startGateway((s) => {
      s.route('all', '/openai{/*rest}', (_req, res) => {
        res.json({ by: 'wildcard' });
      });
      s.route('post', '/openai/chat/completions', (_req, res) => {
        res.json({ by: 'exact' });
      });
      s.route('post', '/v1/completions', (_req, res) => {
        res.json({ by: 'first' });
      });
      s.route('post', '/v1/completions', (_req, res) => {
        res.json({ by: 'second' });
      });
    });
    expect(JSON.parse((await rawRequest(port, 'POST', '/openai/chat/completions')).body)).toEqual({ by: 'wildcard' });
    expect(JSON.parse((await rawRequest(port, 'POST', '/v1/completions')).body)).toEqual({ by: 'first' });
    expect(JSON.parse((await rawRequest(port, 'POST', '/v1/completions?x=1')).body)).toEqual({ by: 'first' });
  });

  it('keeps the Express request and response API, the request context and the middleware chain', async () => {
    const { port } = await startGateway((s) => {
      s.route(
        'post',
        '/v1/embeddings',
        (req, _res, next) => {
          (req as unknown as { seen: string[] }).seen = [req.path, typeof req.requestId];
          next();
        },
        (req, res) => {
          res.status(201).set('x-test', 'yes').json({ seen: (req as unknown as { seen: string[] }).seen, params: req.params, query: req.query });
        },
      );
    });
    const res = await rawRequest(port, 'POST', '/v1/embeddings');
    expect(res.status).toBe(201);
    expect(res.headers['x-test']).toBe('yes');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toEqual({ seen: ['/v1/embeddings', 'string'], params: {}, query: {} });
  });

  it('renders thrown errors, rejected promises and next(err) as OpenAI errors, and a chain that falls through as 404', async () => {
    const { port } = await startGateway((s) => {
      s.route('post', '/v1/chat/completions', () => {
        throw new HttpError(422, 'thrown');
      });
      s.route('post', '/v1/moderations', async () => {
        await Promise.resolve();
        throw new HttpError(409, 'rejected');
      });
      s.route('post', '/v1/images/generations', (_req, _res, next) => next(new HttpError(429, 'passed on', { retryAfter: 3 })));
      s.route('post', '/v1/responses', (_req, _res, next) => next());
      s.route('post', '/v1/rerank', () => {
        throw new Error('upstream said sk-live-123');
      });
    });
    const thrown = await rawRequest(port, 'POST', '/v1/chat/completions');
    expect([thrown.status, JSON.parse(thrown.body).error.message]).toEqual([422, 'thrown']);
    const rejected = await rawRequest(port, 'POST', '/v1/moderations');
    expect([rejected.status, JSON.parse(rejected.body).error.message]).toEqual([409, 'rejected']);
    const passed = await rawRequest(port, 'POST', '/v1/images/generations');
    expect([passed.status, passed.headers['retry-after']]).toEqual([429, '3']);
    const fell = await rawRequest(port, 'POST', '/v1/responses');
    expect([fell.status, JSON.parse(fell.body).error.code]).toEqual([404, 'route_not_found']);
    const secret = await rawRequest(port, 'POST', '/v1/rerank');
    expect(secret.status).toBe(500);
    expect(secret.body).not.toContain('sk-live');
  });

  it('runs plain routes on Node objects on their exact path, and through Express on other spellings', async () => {
    const seen: string[] = [];
    const { port } = await startGateway((s) => {
      s.plainRoute(
        'post',
        '/v1/chat/completions',
        (req, _res, next) => {
          seen.push(`${typeof (req as unknown as { get?: unknown }).get}:${req.url}`);
          if (req.headers['x-fail'] === '1') return next(new HttpError(429, 'slow down', { retryAfter: 2 }));
          next();
        },
        (req, res) => sendJson(res, 200, { id: req.requestId }),
      );
    });
    const exact = await rawRequest(port, 'POST', '/v1/chat/completions');
    expect(exact.status).toBe(200);
    expect(exact.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(exact.body).id).toBe(exact.headers['x-request-id']);
    const viaExpress = await rawRequest(port, 'POST', '/v1/chat/completions?trace=1');
    expect(viaExpress.status).toBe(200);
    const refused = await rawRequest(port, 'POST', '/v1/chat/completions', { headers: { 'x-fail': '1' } });
    expect([refused.status, refused.headers['retry-after'], JSON.parse(refused.body).error.message]).toEqual([429, '2', 'slow down']);
    // Plain on the exact path (no Express API on the request), Express for the spelling with a query.
    expect(seen).toEqual(['undefined:/v1/chat/completions', 'function:/v1/chat/completions?trace=1', 'undefined:/v1/chat/completions']);
  });

  it('leaves HEAD and other methods of an exact path to Express', async () => {
    const { port } = await startGateway();
    expect((await rawRequest(port, 'HEAD', '/v1/models')).status).toBe(200);
    expect((await rawRequest(port, 'POST', '/v1/models')).status).toBe(404);
  });
});

describe('/routes', () => {
  it('is not served unless the service mounts it behind its admin check', async () => {
    const { port } = await startGateway();
    expect((await rawRequest(port, 'GET', '/routes')).status).toBe(404);
  });

  it('answers only what the admin guard lets through', async () => {
    const { port } = await startGateway((s) => {
      s.mountRouteListing((req, _res, next) => next(req.headers.authorization === 'Bearer admin' ? undefined : new HttpError(403, 'admins only', { code: 'forbidden' })));
    });
    const refused = await rawRequest(port, 'GET', '/routes');
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('/v1/models');
    const listed = await rawRequest(port, 'GET', '/routes', { headers: { authorization: 'Bearer admin' } });
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body).routes).toContainEqual({ method: 'get', path: '/v1/models' });
  });
});
