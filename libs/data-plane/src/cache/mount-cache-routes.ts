import type { RequestHandler } from 'express';
import { publicCacheParams } from '@switchboard/config';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { ResponseCache } from '@switchboard/response-cache';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import { requireProxyAdmin } from '../health/require-proxy-admin.ts';
import { jsonBody } from '../json-body.ts';

const MAX_KEYS_PER_DELETE = 1_000;

const notInitialized = () => new HttpError(503, 'Cache not initialized: set litellm_settings.cache: true', { code: 'cache_not_initialized' });

/** The keys of a `/cache/delete` body: a list of strings (what `x-litellm-cache-key` showed). */
function keysOf(body: unknown): string[] {
  const keys = (body as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '' || key.length > 300)) {
    throw new HttpError(400, 'keys must be a list of cache keys (the x-litellm-cache-key of an answer)', { code: 'invalid_request', param: 'keys' });
  }
  if (keys.length > MAX_KEYS_PER_DELETE) throw new HttpError(400, `keys: at most ${MAX_KEYS_PER_DELETE} per call`, { code: 'invalid_request', param: 'keys' });
  return keys as string[];
}

/**
 * LiteLLM's cache management routes, served by the gateway (it holds the in-process store), for the master key
 * or a proxy_admin. A delete or flush reaches every replica: through the shared Redis store, or the
 * invalidation channel when each replica keeps its own store.
 */
export function mountCacheRoutes(service: ServiceApp, cache: ResponseCache | undefined, auth: AuthenticateOptions, maxRequestBytes: number): void {
  const authn = authenticate(auth);
  const json = jsonBody(maxRequestBytes);

  const ping: RequestHandler = async function cachePing(_req, res) {
    if (!cache) throw notInitialized();
    try {
      await cache.ping();
    } catch (error) {
      throw new HttpError(503, `Service Unhealthy (${error instanceof Error ? error.message : String(error)})`, { code: 'cache_unhealthy' });
    }
    res.json({
      status: 'healthy',
      cache_type: cache.settings.type,
      ...(cache.settings.type === 'local' ? {} : { ping_response: true, set_cache_response: 'success' }),
      litellm_cache_params: publicCacheParams(cache.settings),
    });
  };

  const remove: RequestHandler = async function cacheDelete(req, res) {
    if (!cache) throw notInitialized();
    const deleted = await cache.delete(keysOf(req.body));
    res.json({ status: 'success', deleted });
  };

  const flush: RequestHandler = async function cacheFlushAll(_req, res) {
    if (!cache) throw notInitialized();
    res.json({ status: 'success', deleted: await cache.flush() });
  };

  service.route('get', '/cache/ping', authn, requireProxyAdmin, ping);
  service.route('post', '/cache/delete', authn, requireProxyAdmin, ...json, remove);
  service.route('post', '/cache/flushall', authn, requireProxyAdmin, flush);
}
