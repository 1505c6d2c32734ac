import type { Request } from 'express';
import { abortableSleep, deadlineMsOf, ProviderError, type CallSignal, type DeploymentTarget } from '@switchboard/providers';
import type { RouteOptions, RouteOutcome } from '@switchboard/router';
import { regionOf, type Deployment } from '@switchboard/config';
import type { UpstreamTrace } from '@switchboard/telemetry';
import { targetOf, type DataPlaneDeps } from '../data-plane-deps.ts';
import type { RouterControls } from './router-controls.ts';
import type { WireFormat } from '../wire-format.ts';
import type { CallResult, CallSpec } from './call-spec.ts';
import { msSince, type CallState } from './call-state.ts';

/**
 * The route stage: the router picks deployments (retries, fallbacks, cooldowns); each attempt is admitted
 * on its deployment's shared rpm/tpm, then the endpoint's adapter call runs. Returns the outcome and the
 * wire format of the attempt that answered.
 */
export async function routeCall(deps: DataPlaneDeps, req: Request, spec: CallSpec, call: CallState, modelGroup: string): Promise<{ outcome: RouteOutcome<CallResult>; format: WireFormat }> {
  const estimatedTokens = typeof spec.body.max_tokens === 'number' ? spec.body.max_tokens : 0;
  // Only endpoints whose attempts answer in another format (/v1/messages) need to remember which one did.
  let formats: WeakMap<object, WireFormat> | undefined;
  let attempts = 0;
  let previousGroup = modelGroup;
  const tracing = deps.tracing?.enabled === true;
  const controls = call.controls;
  const routeOptions: RouteOptions = { signal: call.controller.signal, estimatedTokens, progress: call.progress, ...regionOnly(call.admission?.region) };
  // Tags choose deployments only with `enable_tag_filtering`; the record gathered them when the call started.
  if (deps.router.currentSettings().tagFiltering) routeOptions.tags = call.record.requestTags ?? [];
  const outcome = await deps.router.route<CallResult>(
    modelGroup,
    async (deployment, { modelGroup: tried }) => {
      // A mock answer the key may ask for (router-controls.ts) is made by the mock provider, never the deployment.
      const mockResponse = controls?.mockResponse;
      const adapter = deps.adapterFor(mockResponse === undefined ? deployment.provider : 'mock');
      // A fallback the request gave its own parameters for sends those instead of the request's (by the group tried:
      // a wildcard's deployment is named by its pattern, the group by the name it serves).
      const attempt = spec.attempt(deployment, adapter, tried !== modelGroup ? call.fallbacks?.overrides.get(tried) : undefined);
      attempts++;
      const upstream = tracing ? traceAttempt(call, spec, deployment, attempts, previousGroup) : undefined;
      previousGroup = deployment.modelGroup;
      const traceHeaders: Record<string, string> | undefined = upstream ? {} : undefined;
      if (upstream && traceHeaders) upstream.injectHeaders(traceHeaders);
      // Awaited only when the deployment has limits: an attempt without any does not suspend here.
      const admitting = deps.admitDeployment?.(deployment, { requestId: req.requestId, estimatedTokens });
      const slot = admitting ? await admitting : undefined;
      const started = process.hrtime.bigint();
      let answered = false;
      try {
        const target = controls ? targetWithin(deployment, controls.timeoutMs, mockResponse) : targetOf(deployment);
        if (controls?.mockTimeout || deployment.params.mock_timeout === true) await mockTimeout(deadlineMsOf(target, spec.respond === 'sse'), call.controller.signal);
        const result = await attempt.call(target, { signal: call.controller.signal, requestId: req.requestId, onWarning: (warning: string) => call.warnings.push(warning), ...(traceHeaders ? { traceHeaders } : {}) });
        if (attempt.format) (formats ??= new WeakMap()).set(result, attempt.format);
        answered = true;
        call.deploymentSlot = slot;
        call.upstreamTrace = upstream;
        return result;
      } catch (error) {
        upstream?.end(error instanceof ProviderError ? { errorType: error.kind, ...(error.options.upstreamStatus !== undefined ? { status: error.options.upstreamStatus } : {}) } : { errorType: 'error' });
        throw error;
      } finally {
        call.upstreamMs += msSince(started);
        if (!answered) slot?.release(0);
      }
    },
    controls ? { ...routeOptions, ...controlOptions(controls, call.fallbacks?.groups) } : routeOptions,
  );
  call.outcome = outcome;
  const { deployment } = outcome;
  Object.assign(call.record, { modelGroup: outcome.modelGroup, deploymentId: deployment.id, provider: deployment.provider, upstreamModel: deployment.model, attempts: outcome.attempts });
  return { outcome, format: formats?.get(outcome.result) ?? spec.format };
}

/** The request's controls as the router takes them (router-controls.ts). */
function controlOptions(controls: RouterControls, fallbacks: readonly string[] | undefined): Partial<RouteOptions> {
  return {
    ...(controls.simulatedFailure ? { simulateFailure: controls.simulatedFailure } : {}),
    ...(controls.failFirstAttempt ? { failFirstAttempt: controls.failFirstAttempt } : {}),
    ...(fallbacks ? { fallbacks } : {}),
    ...(controls.noFallbacks ? { noFallbacks: true } : {}),
    ...(controls.numRetries !== undefined ? { numRetries: controls.numRetries } : {}),
  };
}

/**
 * The deployment as an attempt calls it, with the request's own deadline when it sets one; for a mock answer, the
 * mock provider's target (the deployment's model name and deadline, none of its credentials or settings).
 */
function targetWithin(deployment: Deployment, timeoutMs: number | undefined, mockResponse: string | undefined): DeploymentTarget {
  const target = targetOf(deployment);
  if (mockResponse !== undefined) return { provider: 'mock', model: target.model, timeoutMs: timeoutMs ?? target.timeoutMs, params: { mock_response: mockResponse } };
  return timeoutMs === undefined ? target : { ...target, timeoutMs };
}

/** LiteLLM's `mock_timeout`: the attempt waits out its deadline and fails as an upstream timeout does here (504, retried, may fall back). */
async function mockTimeout(deadlineMs: number, signal: CallSignal): Promise<never> {
  await abortableSleep(deadlineMs, signal);
  throw new ProviderError('timeout', 504, 'This is a mock timeout error');
}

/**
 * One attempt's client span, named and attributed by the GenAI conventions; a second attempt in the same
 * group is a retry event on the request's span, one in another group a fallback event.
 */
function traceAttempt(call: CallState, spec: CallSpec, deployment: Deployment, attempt: number, previousGroup: string): UpstreamTrace {
  if (deployment.modelGroup !== previousGroup) call.trace.recordFallback({ fromModelGroup: previousGroup, toModelGroup: deployment.modelGroup });
  else if (attempt > 1) call.trace.recordRetry({ attempt, deploymentId: deployment.id });
  return call.trace.startUpstream({ operation: GEN_AI_OPERATION[spec.countAs] ?? spec.countAs, provider: deployment.provider, requestModel: deployment.model, modelGroup: deployment.modelGroup, deploymentId: deployment.id, attempt, requestBody: spec.body });
}

/** `gen_ai.operation.name` for the gateway's operations (the conventions' well-known values). */
const GEN_AI_OPERATION: Partial<Record<string, string>> = { chat: 'chat', completions: 'text_completion', embeddings: 'embeddings', responses: 'chat', images: 'image_generation' };

/** The adapter cannot do what the endpoint asks: a 400 naming the route and the provider (the router moves on). */
export function unsupported(spec: Pick<CallSpec, 'route' | 'model'>, provider: string): ProviderError {
  return new ProviderError('unsupported', 400, `${spec.route} is not supported by provider ${provider} (model "${spec.model}")`, { code: 'unsupported_operation' });
}

/** The router's filter for an end user's `allowed_model_region`: only deployments in that region serve it. */
function regionOnly(region: string | undefined): Pick<RouteOptions, 'only'> {
  return region ? { only: { allows: (deployment) => regionOf(deployment) === region, why: `the end user's allowed_model_region is "${region}"` } } : {};
}
