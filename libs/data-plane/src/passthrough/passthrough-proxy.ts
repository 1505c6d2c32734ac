import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { SecretMask } from '@switchboard/providers';
import type { PassthroughProvider } from './passthrough-providers.ts';
import type { PassthroughUpstream } from './resolve-passthrough-upstream.ts';
import { relayPassthroughResponse } from './relay-passthrough-response.ts';
import { stripForwardingHeaders } from './strip-forwarding-headers.ts';

/** Per-request state the earlier stage resolved: the upstream, and what happened for the accounting. */
export interface PassthroughExchange {
  upstream: PassthroughUpstream;
  /** Set when the upstream could not be reached or failed mid-response. */
  failure?: string;
  /** Sees the answer's (decoded) bytes as they are relayed: the usage reader, for pricing. */
  onAnswer?: (contentType: string) => ((chunk: Buffer) => void) | undefined;
}

export const exchanges = new WeakMap<IncomingMessage, PassthroughExchange>();

/** An upstream silent this long (no byte either way) is dropped; LiteLLM's default request_timeout. */
export const PASSTHROUGH_IDLE_TIMEOUT_MS = 600_000;

function exchangeOf(req: IncomingMessage): PassthroughExchange {
  const exchange = exchanges.get(req);
  if (!exchange) throw new Error('passthrough request reached the proxy without a resolved upstream');
  return exchange;
}

/** The path with the named query parameters removed (a client's `?key=` must not reach Google). */
function withoutQueryParams(path: string, names: readonly string[]): string {
  const question = path.indexOf('?');
  if (question === -1) return path;
  const query = new URLSearchParams(path.slice(question + 1));
  for (const name of names) query.delete(name);
  const rest = query.toString();
  return rest === '' ? path.slice(0, question) : `${path.slice(0, question)}?${rest}`;
}

/** What differs between relayed routes: where the path goes, and which headers leave with the request. */
export interface ProxyPlan {
  /** For logs: the provider, or the custom route's path. */
  name: string;
  /** The client's path (and query) → the upstream's, appended to the exchange's `upstream.base`. */
  rewritePath: (path: string) => string;
  /** Runs on the outgoing request after the hop-by-hop and forwarding headers are gone. */
  setHeaders: (proxyReq: ClientRequest, req: Request, exchange: PassthroughExchange) => void;
}

/** A provider row as a plan: its prefix is cut, the client's credentials go and the provider's key goes in. */
function providerPlan(provider: PassthroughProvider): ProxyPlan {
  return {
    name: provider.provider,
    rewritePath(path) {
      const rest = path.slice(provider.prefix.length); // `/openai/v1/models?x` → `/v1/models?x`
      const rewritten = rest.startsWith('/') ? rest : `/${rest}`;
      return provider.stripQueryParams ? withoutQueryParams(rewritten, provider.stripQueryParams) : rewritten;
    },
    setHeaders(proxyReq, req, exchange) {
      for (const header of provider.stripHeaders) proxyReq.removeHeader(header);
      for (const [name, value] of Object.entries(provider.defaultHeaders)) if (req.headers[name] === undefined) proxyReq.setHeader(name, value);
      proxyReq.setHeader(provider.credential.header, provider.credential.prefix + exchange.upstream.apiKey);
    },
  };
}

/** The streaming proxy for one provider's passthrough routes. */
export function passthroughProxy(provider: PassthroughProvider, logger: Logger, renderUnreachable: (res: Response) => void): RequestHandler {
  return streamingProxy(providerPlan(provider), logger, renderUnreachable);
}

/**
 * The streaming proxy (http-proxy-middleware): the body and the answer are piped as they arrive, nothing
 * is buffered. Redirects are passed back, never followed. Hop-by-hop and forwarding headers are removed
 * and the plan's headers set on `proxyReq`, just before the request leaves.
 */
export function streamingProxy(plan: ProxyPlan, logger: Logger, renderUnreachable: (res: Response) => void): RequestHandler {
  return createProxyMiddleware<Request, Response>({
    router: (req) => exchangeOf(req).upstream.base,
    pathRewrite: (path) => plan.rewritePath(path),
    changeOrigin: true,
    xfwd: false,
    followRedirects: false,
    proxyTimeout: PASSTHROUGH_IDLE_TIMEOUT_MS,
    // The answer is relayed by relayPassthroughResponse, which masks the upstream's credentials in it.
    selfHandleResponse: true,
    on: {
      proxyReq(proxyReq, req) {
        stripForwardingHeaders(proxyReq, req.headers);
        plan.setHeaders(proxyReq, req, exchangeOf(req));
        // An uncompressed answer is one the gateway can look into for the key (see relayPassthroughResponse).
        proxyReq.setHeader('accept-encoding', 'identity');
      },
      proxyRes(proxyRes, req, res) {
        // Upstream cookies (load-balancer affinity and the like) would be set on the gateway's domain.
        delete proxyRes.headers['set-cookie'];
        // The gateway's x-request-id (the spend row's key) stays; OpenAI's own id moves aside.
        const upstreamId = proxyRes.headers['x-request-id'];
        delete proxyRes.headers['x-request-id'];
        if (upstreamId !== undefined) proxyRes.headers['x-upstream-request-id'] = upstreamId;
        const exchange = exchangeOf(req);
        const mask = SecretMask.of([exchange.upstream.apiKey, ...exchange.upstream.secrets]);
        const observe = exchange.onAnswer?.(String(proxyRes.headers['content-type'] ?? ''));
        const relayed = relayPassthroughResponse(proxyRes, res, mask, () => (exchange.failure = 'upstream_unreachable'), observe);
        if (!relayed) {
          exchange.failure = 'upstream_unreadable';
          logger.warn({ requestId: req.requestId, provider: plan.name, encoding: proxyRes.headers['content-encoding'] }, 'passthrough upstream answered in an encoding the gateway cannot check');
          renderUnreachable(res);
        }
      },
      error(err, req, res) {
        const exchange = exchanges.get(req);
        if (exchange) exchange.failure = 'upstream_unreachable';
        logger.warn({ requestId: req.requestId, provider: plan.name, code: (err as { code?: string }).code }, 'passthrough upstream failed');
        if (!('writeHead' in res)) return void res.destroy();
        if (res.headersSent) res.destroy();
        else renderUnreachable(res);
      },
    },
  });
}
