import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { apiRequest, configureTransport, withQuery } from './http.ts';

interface Recorded {
  url: string;
  init: RequestInit;
}

function fakeBackend(status: number, body: unknown) {
  const calls: Recorded[] = [];
  const onUnauthorized = vi.fn();
  const restore = configureTransport({
    fetch: async (url, init = {}) => {
      calls.push({ url, init });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
    },
    onUnauthorized,
  });
  return { calls, onUnauthorized, restore };
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('withQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(withQuery('/key/list', { page: 2, size: 25, key_alias: 'a&b', team_id: '', user_id: undefined, x: null })).toBe('/key/list?page=2&size=25&key_alias=a%26b');
    expect(withQuery('/model/info')).toBe('/model/info');
  });
});

describe('apiRequest', () => {
  it('sends POSTs as JSON with the CSRF header and the session cookie', async () => {
    const backend = fakeBackend(200, { ok: true });
    restore = backend.restore;
    await apiRequest('POST', '/key/block', { body: { key: 'abc' } });
    const { url, init } = backend.calls[0] as Recorded;
    expect(url).toBe('/key/block');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['x-switchboard-csrf']).toBe('1');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(init.body).toBe('{"key":"abc"}');
  });

  it('sends GETs without a body or CSRF header', async () => {
    const backend = fakeBackend(200, { data: [] });
    restore = backend.restore;
    expect(await apiRequest('GET', '/model/info')).toEqual({ data: [] });
    const { init } = backend.calls[0] as Recorded;
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)['x-switchboard-csrf']).toBeUndefined();
  });

  it('turns an error body into an ApiError with the server message', async () => {
    const backend = fakeBackend(403, { error: { message: 'Role proxy_admin_viewer may not key create', code: 'forbidden', param: null } });
    restore = backend.restore;
    await expect(apiRequest('POST', '/key/generate', { body: {} })).rejects.toMatchObject({ status: 403, message: 'Role proxy_admin_viewer may not key create', code: 'forbidden' });
    expect(backend.onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the user to Login on any 401', async () => {
    const backend = fakeBackend(401, { error: { message: 'Your session has expired; log in again', code: 'session_expired' } });
    restore = backend.restore;
    await expect(apiRequest('GET', '/key/list')).rejects.toBeInstanceOf(ApiError);
    expect(backend.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not redirect when the caller handles 401 itself (a wrong password at login)', async () => {
    const backend = fakeBackend(401, { error: { message: 'Invalid username or password' } });
    restore = backend.restore;
    await expect(apiRequest('POST', '/login', { body: {}, redirectOnUnauthorized: false })).rejects.toMatchObject({ status: 401 });
    expect(backend.onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports a network failure and an unreadable answer in words', async () => {
    restore = configureTransport({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(apiRequest('GET', '/key/list')).rejects.toMatchObject({ status: 0, code: 'network_error' });
    restore();
    const backend = fakeBackend(200, '<html>not json</html>');
    restore = backend.restore;
    await expect(apiRequest('GET', '/key/list')).rejects.toMatchObject({ message: 'The server sent an answer the dashboard cannot read.' });
  });
});
