import type { RequestHandler, Response } from 'express';
import type { Deployment } from '@switchboard/config';
import { HttpError, sendError, type ServiceApp } from '@switchboard/service-kit';
import { sendAnthropicError } from '../anthropic/anthropic-error-body.ts';
import { withAnthropicErrors } from '../anthropic/with-anthropic-errors.ts';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import type { CallRecord } from '../call-record.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { Principal } from '../principal.ts';
import { PASSTHROUGH_PROVIDERS, type PassthroughProvider } from './passthrough-providers.ts';
import { exchanges, passthroughProxy, type PassthroughExchange } from './passthrough-proxy.ts';
import { resolvePassthroughUpstream } from './resolve-passthrough-upstream.ts';

export interface PassthroughOptions {
  /** The deployments in service now (config and DB), read per request: they lend key and base URL. */
  deployments: () => readonly Deployment[];
  /** Where provider env keys are read (`OPENAI_API_KEY`, ...); `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The providers to mount; the built-in table by default. */
  providers?: readonly PassthroughProvider[];
}

const nowMs = () => performance.timeOrigin + performance.now();

/** Resolves the upstream before proxying, and accounts for the request once its response is over. */
/**
 * Passthrough sends the gateway's provider credential to any model of that provider, outside model
 * lists, limits and budgets. So only the master key may use it, or a virtual key whose `allowed_routes`
 * names the passthrough prefix explicitly (e.g. `/anthropic/*`).
 */
function passthroughAllowed(provider: PassthroughProvider, principal: Principal | undefined): boolean {
  if (!principal || principal.kind === 'master' || principal.kind === 'anonymous') return true;
  return (principal.allowedRoutes ?? []).some((route) => route === `${provider.prefix}/*` || route === `${provider.prefix}*` || route === provider.prefix);
}

function preparePassthrough(provider: PassthroughProvider, deps: Pick<DataPlaneDeps, 'onSettled'>, options: PassthroughOptions): RequestHandler {
  return function preparePassthroughRequest(req, res, next) {
    if (!passthroughAllowed(provider, req.principal)) {
      throw new HttpError(403, `This key may not use ${provider.prefix} passthrough: it bypasses model lists, limits and budgets. Add "${provider.prefix}/*" to the key's allowed_routes, or use the translated endpoints.`, { code: 'route_not_allowed' });
    }
    const startTime = nowMs();
    const upstream = resolvePassthroughUpstream(provider, options.deployments(), options.env ?? process.env);
    const exchange: PassthroughExchange | undefined = upstream ? { upstream } : undefined;
    res.once('close', () => {
      const clientAborted = !res.writableFinished;
      const errorType = exchange ? exchange.failure : 'passthrough_not_configured';
      const record: CallRecord = {
        requestId: req.requestId,
        route: provider.prefix,
        ...(req.principal ? { principal: req.principal } : {}),
        requestedModel: '',
        provider: provider.provider,
        ...(upstream?.deploymentId ? { deploymentId: upstream.deploymentId } : {}),
        stream: String(res.getHeader('content-type') ?? '').includes('text/event-stream'),
        costNanoUsd: 0,
        status: clientAborted ? 499 : res.statusCode,
        ...(errorType ? { errorType } : {}),
        startTime,
        endTime: nowMs(),
        attempts: exchange ? 1 : 0,
        clientAborted,
      };
      deps.onSettled?.(record);
    });
    if (!exchange) {
      const message = `No ${provider.provider} credential is configured for ${provider.prefix} passthrough: add a ${provider.provider} deployment or set ${provider.envKey}`;
      throw new HttpError(503, message, { type: 'api_error', code: 'passthrough_not_configured' });
    }
    exchanges.set(req, exchange);
    next();
  };
}

function unreachableRenderer(provider: PassthroughProvider): (res: Response) => void {
  const error = new HttpError(502, `The ${provider.provider} upstream could not be reached`, { code: 'upstream_unreachable' });
  return (res) => (provider.errorShape === 'anthropic' ? sendAnthropicError(res, error) : sendError(res, error));
}

/**
 * Provider passthrough (`/openai/*`, `/anthropic/*`, ...): the provider's own API, untranslated and
 * streamed both ways. The gateway key is checked first (the client's own Authorization / x-api-key IS
 * the gateway key here); then the client's credential headers are removed and the provider's key from
 * config (or env) is put in. Mount these routes before any body parser: the proxy needs the raw body.
 */
export function mountPassthrough(service: ServiceApp, deps: Pick<DataPlaneDeps, 'logger' | 'onSettled'>, auth: AuthenticateOptions, options: PassthroughOptions): void {
  const authn = authenticate(auth);
  for (const provider of options.providers ?? PASSTHROUGH_PROVIDERS) {
    const proxy = passthroughProxy(provider, deps.logger, unreachableRenderer(provider));
    const handlers = [authn, preparePassthrough(provider, deps, options), proxy];
    service.route('all', `${provider.prefix}{/*rest}`, ...(provider.errorShape === 'anthropic' ? withAnthropicErrors(deps.logger, handlers) : handlers));
  }
}
