import type { RequestHandler } from 'express';
import type { Deployment, PassThroughEndpoint } from '@switchboard/config';
import { customRouteAllowed } from '@switchboard/permissions';
import { HttpError, sendError, type ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import { preparePassthrough, type PassthroughDeps } from './mount-passthrough.ts';
import { CLIENT_CREDENTIAL_HEADERS } from './passthrough-providers.ts';
import { exchanges, streamingProxy, type ProxyPlan } from './passthrough-proxy.ts';
import type { PassthroughUpstream } from './resolve-passthrough-upstream.ts';

/** Client headers that describe the body, kept when the entry does not forward the client's headers. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding', 'accept', 'host']);
/** Configured header values under these names are credentials: masked in what the target answers. */
const SECRET_HEADER = /authorization|key|token|secret|cookie/i;

/** The endpoint's target as the proxy needs it: origin as the base, its path and query kept aside. */
function upstreamOf(endpoint: PassThroughEndpoint): PassthroughUpstream {
  const credentials = Object.entries(endpoint.headers).filter(([name]) => SECRET_HEADER.test(name)).map(([, value]) => value);
  const bare = credentials.map((value) => value.replace(/^(bearer|basic)\s+/i, ''));
  return { base: new URL(endpoint.target).origin, apiKey: '', secrets: [...credentials, ...bare] };
}

/**
 * `/route/sub?q` → the target's path, plus `/sub` with `include_subpath`, plus the target's and the
 * client's query (the client's last, as LiteLLM merges them).
 */
export function customTargetPath(endpoint: PassThroughEndpoint, clientPath: string): string {
  const target = new URL(endpoint.target);
  const question = clientPath.indexOf('?');
  const pathPart = question === -1 ? clientPath : clientPath.slice(0, question);
  const clientQuery = question === -1 ? '' : clientPath.slice(question + 1);
  const rest = endpoint.includeSubpath ? pathPart.slice(endpoint.path.length) : '';
  const base = target.pathname === '/' && rest !== '' ? '' : target.pathname.replace(/\/$/, '') || '/';
  const query = [target.search.slice(1), clientQuery].filter((part) => part !== '').join('&');
  return `${base}${rest}${query ? `?${query}` : ''}`;
}

function customPlan(endpoint: PassThroughEndpoint): ProxyPlan {
  return {
    name: endpoint.path,
    rewritePath: (path) => customTargetPath(endpoint, path),
    setHeaders(proxyReq) {
      // The gateway key came in one of these when the gateway checked it: it never leaves.
      if (endpoint.auth) for (const header of CLIENT_CREDENTIAL_HEADERS) proxyReq.removeHeader(header);
      if (!endpoint.forwardHeaders) for (const name of proxyReq.getHeaderNames()) if (!BODY_HEADERS.has(name)) proxyReq.removeHeader(name);
      for (const [name, value] of Object.entries(endpoint.headers)) proxyReq.setHeader(name, value);
    },
  };
}

const unreachable = (path: string) => {
  const error = new HttpError(502, `The target of ${path} could not be reached`, { code: 'upstream_unreachable' });
  return (res: Parameters<typeof sendError>[0]) => sendError(res, error);
};

/**
 * The config's `pass_through_endpoints`: each path relayed to its target through the same stages as provider
 * passthrough (preparePassthrough: authorize, admit, account with a spend row; the streaming proxy with the
 * answer's credentials masked). With `auth` (the default) the gateway key is required, and a virtual key needs
 * an `allowed_routes` entry naming the path (customRouteAllowed); `auth: false` makes a public forwarder.
 */
export function mountCustomPassthrough(service: ServiceApp, deps: PassthroughDeps, auth: AuthenticateOptions, endpoints: readonly PassThroughEndpoint[], deployments: () => readonly Deployment[]): void {
  const authn = authenticate(auth);
  for (const endpoint of endpoints) {
    const upstream = upstreamOf(endpoint);
    const prepare = preparePassthrough({ prefix: endpoint.path, provider: 'pass_through_endpoint' }, deps, deployments, {
      resolve: () => upstream,
      notConfiguredMessage: `${endpoint.path} has no target`,
      store: (req, exchange) => exchanges.set(req, exchange),
      allowed: (path, principal) => !endpoint.auth || !principal || principal.kind !== 'virtual_key' || customRouteAllowed(principal.allowedRoutes, path, endpoint.path),
      refusedMessage: `This key may not use ${endpoint.path}: add "${endpoint.path}" (or "${endpoint.path}/*") to the key's allowed_routes.`,
      costPerRequestNanoUsd: Math.round(endpoint.costPerRequest * 1e9),
    });
    const handlers: RequestHandler[] = [...(endpoint.auth ? [authn] : []), prepare, streamingProxy(customPlan(endpoint), deps.logger, unreachable(endpoint.path))];
    service.route('all', endpoint.includeSubpath ? `${endpoint.path}{/*rest}` : endpoint.path, ...handlers);
  }
}
