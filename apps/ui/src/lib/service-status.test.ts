import { describe, expect, it } from 'vitest';
import { probeService } from './service-status.ts';

const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('probeService', () => {
  it('says up when the service answers its readiness', async () => {
    expect(await probeService('gateway', json(200, { status: 'ready', dependencies: {} }))).toEqual({ name: 'gateway', state: 'up', detail: 'ready' });
  });

  it('says not ready, with the failing dependency, on the service’s own 503', async () => {
    const status = await probeService('backend', json(503, { service: 'backend', ready: false, readiness: { status: 'not ready', dependencies: { database: { ok: false, detail: 'connection refused' } } } }));
    expect(status).toEqual({ name: 'backend', state: 'not ready', detail: 'database: connection refused' });
  });

  it('says down on the front’s 502 when nothing listens', async () => {
    const status = await probeService('gateway', json(502, { error: { message: 'gateway is not reachable', type: 'api_error', param: null, code: 'upstream_unavailable' } }));
    expect(status.state).toBe('down');
  });

  it('says down on a network error', async () => {
    const status = await probeService('gateway', async () => {
      throw new TypeError('fetch failed');
    });
    expect(status).toEqual({ name: 'gateway', state: 'down', detail: 'unreachable' });
  });

  it('says down when nothing answers in time', async () => {
    const hang = (_: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    expect((await probeService('backend', hang, 20)).detail).toBe('no answer in time');
  });
});
