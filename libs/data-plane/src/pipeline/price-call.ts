import type { Deployment } from '@switchboard/config';
import type { Usage } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallResult, CallSpec } from './call-spec.ts';

/** The answer's cost: the endpoint's own pricing (audio), or the price book's price of the usage. */
export function priceCall(deps: DataPlaneDeps, spec: CallSpec, deployment: Deployment | undefined, result: CallResult | undefined, usage: Usage | undefined): number {
  if (!deployment) return 0;
  if (spec.cost && result !== undefined) return spec.cost(deps.priceBook, deployment, result, usage);
  return usage ? deps.priceBook.cost(deployment, usage).nanoUsd : 0;
}
