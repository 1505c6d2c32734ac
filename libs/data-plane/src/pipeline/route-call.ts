import type { Request } from 'express';
import { ProviderError } from '@switchboard/providers';
import type { RouteOptions, RouteOutcome } from '@switchboard/router';
import { regionOf } from '@switchboard/config';
import { targetOf, type DataPlaneDeps } from '../data-plane-deps.ts';
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
  const outcome = await deps.router.route<CallResult>(
    modelGroup,
    async (deployment) => {
      const adapter = deps.adapterFor(deployment.provider);
      const attempt = spec.attempt(deployment, adapter);
      const slot = deps.admitDeployment ? await deps.admitDeployment(deployment, { requestId: req.requestId, estimatedTokens }) : undefined;
      const started = process.hrtime.bigint();
      let answered = false;
      try {
        const result = await attempt.call(targetOf(deployment), { signal: call.controller.signal, requestId: req.requestId, onWarning: (warning: string) => call.warnings.push(warning) });
        if (attempt.format) (formats ??= new WeakMap()).set(result, attempt.format);
        answered = true;
        call.deploymentSlot = slot;
        return result;
      } finally {
        call.upstreamMs += msSince(started);
        if (!answered) slot?.release(0);
      }
    },
    { signal: call.controller.signal, estimatedTokens, ...regionOnly(call.admission?.region), ...(call.simulatedFailure ? { simulateFailure: call.simulatedFailure } : {}) },
  );
  call.outcome = outcome;
  const { deployment } = outcome;
  Object.assign(call.record, { modelGroup: outcome.modelGroup, deploymentId: deployment.id, provider: deployment.provider, upstreamModel: deployment.model, attempts: outcome.attempts });
  return { outcome, format: formats?.get(outcome.result) ?? spec.format };
}

/** The adapter cannot do what the endpoint asks: a 400 naming the route and the provider (the router moves on). */
export function unsupported(spec: Pick<CallSpec, 'route' | 'model'>, provider: string): ProviderError {
  return new ProviderError('unsupported', 400, `${spec.route} is not supported by provider ${provider} (model "${spec.model}")`, { code: 'unsupported_operation' });
}

/** The router's filter for an end user's `allowed_model_region`: only deployments in that region serve it. */
function regionOnly(region: string | undefined): Pick<RouteOptions, 'only'> {
  return region ? { only: { allows: (deployment) => regionOf(deployment) === region, why: `the end user's allowed_model_region is "${region}"` } } : {};
}
