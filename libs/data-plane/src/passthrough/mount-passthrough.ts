import type { Request, RequestHandler, Response } from 'express';
import type { Deployment } from '@switchboard/config';
import { googleAuthTokenSource, ProviderError, type VertexTokenSource } from '@switchboard/providers';
import { routeAllowed } from '@switchboard/permissions';
import type { PricedDeployment } from '@switchboard/pricing';
import { HttpError, pathOfUrl, sendError, type ServiceApp } from '@switchboard/service-kit';
import { sendAnthropicError } from '../anthropic-api/anthropic-error-body.ts';
import { withAnthropicErrors } from '../anthropic-api/with-anthropic-errors.ts';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import type { CallRecord } from '@switchboard/contracts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { accountCall } from '../pipeline/account-call.ts';
import { markPipelineHandler } from '../pipeline/call-handler.ts';
import { refuse } from '@switchboard/contracts';
import type { Principal } from '@switchboard/contracts';
import { BEDROCK_PASSTHROUGH, PASSTHROUGH_PROVIDERS, type PassthroughProvider } from './passthrough-providers.ts';
import { exchanges, passthroughProxy } from './passthrough-proxy.ts';
import { PassthroughUsageReader } from './passthrough-usage.ts';
import { resolveBedrockUpstream, type BedrockUpstream } from './resolve-bedrock-upstream.ts';
import { resolvePassthroughUpstream } from './resolve-passthrough-upstream.ts';
import { signedBedrockPassthrough } from './signed-passthrough.ts';

export interface PassthroughOptions {
  /** The deployments in service now (config and DB), read per request: they lend key and base URL. */
  deployments: () => readonly Deployment[];
  /** Where provider env keys are read (`OPENAI_API_KEY`, ...); `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The providers to mount; the built-in table by default. */
  providers?: readonly PassthroughProvider[];
  /** Where `/vertex_ai/*` gets bearer tokens; google-auth-library (service account or ADC) by default. */
  googleTokenSource?: VertexTokenSource;
  /** Mount `/bedrock/*` (SigV4 re-signing); on by default. */
  bedrock?: boolean;
}

const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Passthrough sends the gateway's provider credential to any model of that provider, outside model
 * lists. So only the master key may use it, or a virtual key whose `allowed_routes` grants the prefix
 * explicitly (`/anthropic/*`, or LiteLLM's `llm_api_routes`): libs/permissions says what an entry grants.
 */
function passthroughAllowed(path: string, principal: Principal | undefined): boolean {
  if (!principal || principal.kind === 'master' || principal.kind === 'anonymous') return true;
  return routeAllowed(principal.allowedRoutes, path);
}

/** What the accounting and the error messages need to know of a passthrough route. */
export interface PassthroughRoute {
  prefix: string;
  provider: string;
}

export interface PrepareSpec<U extends { deploymentId?: string }> {
  /** Whether the caller may use this path; provider routes by default (see passthroughAllowed). */
  allowed?: (path: string, principal: Principal | undefined) => boolean;
  /** The 403's message when `allowed` says no. */
  refusedMessage?: string;
  /** A fixed price per request (a custom route's `cost_per_request`), added to what the usage prices. */
  costPerRequestNanoUsd?: number;
  /** The upstream for this request, or undefined when none is configured. */
  resolve: () => U | undefined;
  notConfiguredMessage: string;
  /** Keeps the resolved exchange for the forwarding stage. */
  store: (req: Request, exchange: PassthroughExchange<U>) => void;
}

export interface PassthroughExchange<U> {
  upstream: U;
  failure?: string;
  onAnswer?: (contentType: string) => ((chunk: Buffer) => void) | undefined;
}

export type PassthroughDeps = Pick<DataPlaneDeps, 'logger' | 'onSettled' | 'admit' | 'metrics' | 'priceBook'>;

/**
 * The pipeline's stages for bytes the gateway relays untranslated: authorize the route, admit the call (the
 * key's rpm and parallel limits; a spent budget refuses; nothing is reserved), resolve the upstream, relay
 * (passthrough-proxy.ts), then account once the answer is over: a spend row with the route, status and
 * latency, priced from the usage the provider reported (OpenAI and Anthropic, JSON and SSE) and charged to
 * every budget the key answers to.
 */
export function preparePassthrough<U extends { deploymentId?: string }>(route: PassthroughRoute, deps: PassthroughDeps, deployments: () => readonly Deployment[], spec: PrepareSpec<U>): RequestHandler {
  return markPipelineHandler(async function preparePassthroughRequest(req, res, next) {
    const path = pathOfUrl(req.originalUrl);
    if (!(spec.allowed ?? passthroughAllowed)(path, req.principal)) {
      throw refuse('route_not_allowed', spec.refusedMessage ?? `This key may not use ${route.prefix} passthrough: it bypasses model lists. Add "${route.prefix}/*" to the key's allowed_routes, or use the translated endpoints.`);
    }
    const startTime = nowMs();
    // The key's and team's tags: a managed tag's spent budget refuses its passthrough calls too.
    const tags = req.principal?.tags;
    const admission = deps.admit ? await deps.admit(req, { operation: 'chat', body: {}, route: route.prefix, ...(tags ? { tags } : {}) }) : undefined;
    if (admission) for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
    const upstream = spec.resolve();
    let reader: PassthroughUsageReader | undefined;
    const exchange: PassthroughExchange<U> | undefined = upstream
      ? {
          upstream,
          onAnswer(contentType) {
            reader = new PassthroughUsageReader(contentType);
            return (chunk) => reader?.push(chunk);
          },
        }
      : undefined;
    res.once('close', () => {
      const clientAborted = !res.writableFinished;
      const errorType = exchange ? exchange.failure : 'passthrough_not_configured';
      const { usage, model } = reader?.end() ?? {};
      const record: CallRecord = {
        requestId: req.requestId,
        route: route.prefix,
        ...(req.principal ? { principal: req.principal } : {}),
        requestedModel: model ?? '',
        provider: route.provider,
        ...(model ? { upstreamModel: model } : {}),
        ...(upstream?.deploymentId ? { deploymentId: upstream.deploymentId } : {}),
        stream: /text\/event-stream|vnd\.amazon\.eventstream/.test(String(res.getHeader('content-type') ?? '')),
        ...(usage ? { usage } : {}),
        costNanoUsd: (usage && model ? deps.priceBook.cost(pricedAs(route.provider, model, deployments()), usage).nanoUsd : 0) + (exchange ? (spec.costPerRequestNanoUsd ?? 0) : 0),
        status: clientAborted ? 499 : res.statusCode,
        ...(errorType ? { errorType } : {}),
        startTime,
        endTime: nowMs(),
        attempts: exchange ? 1 : 0,
        clientAborted,
      };
      accountCall(deps, record, admission);
    });
    if (!exchange) throw new HttpError(503, spec.notConfiguredMessage, { type: 'api_error', code: 'passthrough_not_configured' });
    spec.store(req, exchange);
    next();
  });
}

/** The deployment whose prices apply to a passthrough answer: one configured for that model, else the price table's. */
function pricedAs(provider: string, model: string, deployments: readonly Deployment[]): PricedDeployment {
  return deployments.find((deployment) => deployment.provider === provider && deployment.model === model) ?? { id: `passthrough:${provider}`, provider, model, prices: {} };
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
export function mountPassthrough(service: ServiceApp, deps: PassthroughDeps, auth: AuthenticateOptions, options: PassthroughOptions): void {
  const authn = authenticate(auth);
  const env = options.env ?? process.env;
  for (const provider of options.providers ?? PASSTHROUGH_PROVIDERS) {
    const proxy = passthroughProxy(provider, deps.logger, unreachableRenderer(provider));
    const prepare = preparePassthrough(provider, deps, options.deployments, {
      resolve: () => resolvePassthroughUpstream(provider, options.deployments(), env),
      notConfiguredMessage: `No ${provider.provider} credential is configured for ${provider.prefix} passthrough: add a ${provider.provider} deployment or set ${provider.envKey}`,
      store: (req, exchange) => exchanges.set(req, exchange),
    });
    const handlers = provider.tokenSource === 'google-oauth' ? [authn, prepare, fetchGoogleToken(options.googleTokenSource ?? googleAuthTokenSource), proxy] : [authn, prepare, proxy];
    service.route('all', `${provider.prefix}{/*rest}`, ...(provider.errorShape === 'anthropic' ? withAnthropicErrors(deps.logger, handlers) : handlers));
  }
  if (options.bedrock !== false) mountBedrockPassthrough(service, deps, authn, options, env);
}

/** Vertex AI: a fresh (cached by google-auth-library) bearer token for the resolved deployment, just before proxying. */
function fetchGoogleToken(tokenSource: VertexTokenSource): RequestHandler {
  return async function fetchGoogleTokenForPassthrough(req, _res, next) {
    const exchange = exchanges.get(req);
    if (!exchange?.upstream.tokenTarget) throw new Error('vertex passthrough request reached the token stage without a resolved upstream');
    try {
      exchange.upstream = { ...exchange.upstream, apiKey: await tokenSource(exchange.upstream.tokenTarget) };
    } catch (error) {
      exchange.failure = 'passthrough_not_configured';
      throw new HttpError(503, error instanceof ProviderError ? error.message : 'Could not get a Vertex AI access token', { type: 'api_error', code: 'passthrough_not_configured' });
    }
    next();
  };
}

const bedrockExchanges = new WeakMap<Request, { upstream: BedrockUpstream; failure?: string }>();

/** `/bedrock/*`: the same gate and accounting, but each request is re-signed (SigV4) instead of proxied. */
function mountBedrockPassthrough(service: ServiceApp, deps: PassthroughDeps, authn: RequestHandler, options: PassthroughOptions, env: Readonly<Record<string, string | undefined>>): void {
  const route = BEDROCK_PASSTHROUGH;
  const prepare = preparePassthrough(route, deps, options.deployments, {
    resolve: () => resolveBedrockUpstream(options.deployments(), env),
    notConfiguredMessage: 'No AWS region is configured for /bedrock passthrough: add a bedrock deployment with aws_region_name or set AWS_REGION',
    store: (req, exchange) => bedrockExchanges.set(req, exchange),
  });
  const exchangeOf = (req: Request) => {
    const exchange = bedrockExchanges.get(req);
    if (!exchange) throw new Error('bedrock passthrough request reached the forwarder without a resolved upstream');
    return exchange;
  };
  const forward = signedBedrockPassthrough(route.prefix, (req) => exchangeOf(req).upstream, deps.logger, (req, failure) => {
    exchangeOf(req).failure = failure;
  });
  service.route('all', `${route.prefix}{/*rest}`, authn, prepare, forward);
}
