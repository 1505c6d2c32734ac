import type { Request } from 'express';
import type { Deployment } from '@switchboard/config';
import type { JsonOperation } from '@switchboard/providers';
import type { CallRecord } from './call-record.ts';

/** What an admitted call holds: headers for the response, and the settlement to run once it ended. */
export interface Admission {
  headers: Record<string, string>;
  /** The region the call must stay in (the end user's `allowed_model_region`): only deployments with that `region_name`. */
  region?: string;
  /** The model group the call goes to instead of the one it named (the end user's `default_model`, when that one has no deployment in the region). */
  modelGroup?: string;
  settle(record: CallRecord): Promise<void> | void;
}

export interface AdmitCall {
  /** Absent for provider passthrough: no model list applies, nothing is reserved, a spent budget still refuses. */
  modelGroup?: string;
  operation: JsonOperation;
  body: Record<string, unknown>;
  route: string;
  /** How the call is priced (tokens, speech characters, audio seconds): a budget needs a deployment priced that way. */
  pricedBy?: 'tokens' | 'speech' | 'transcription' | 'image';
  /** Model groups the call may also reach and the key must be allowed too (the fallbacks of a simulated failure). */
  alsoAuthorize?: readonly string[];
  /**
   * The answer comes from the response cache: nothing is reserved against a budget (it costs nothing); `free`
   * also skips the rate limits (`cache_params.count_hits_in_limits: false`). Authorization is unchanged.
   */
  cachedAnswer?: 'counted' | 'free';
  /** The call's tags (its body's, its key's and team's: the spend row's `request_tags`); a managed tag's limits hold it. */
  tags?: readonly string[];
}

/**
 * The limit stage of the pipeline (authorize the model and route, reserve rate limits and budget).
 * Throws an HttpError (403, 429 with Retry-After, 503) to refuse, at once or as a rejection. Returns
 * undefined at once, not as a promise, when there is nothing to count or reserve and no end user to look up
 * (the master key's calls, a key without limits or budgets), and the admission itself when the limiter decided
 * without a round trip (a lease this replica holds covered the call; the in-process limiter): a promise there cost
 * every call a suspension and a turn of the microtask queue per layer (as AdmitDeployment). A promise only when
 * something is waited for (Redis, an end user's limits).
 */
export type Admit = (req: Request, call: AdmitCall) => Admission | Promise<Admission | undefined> | undefined;

/** A slot held on one deployment's shared rpm/tpm, released with the tokens the call really used. */
export interface DeploymentSlot {
  release(tokens: number): void;
}

/**
 * Counts one upstream call against the chosen deployment's `rpm`/`tpm`, shared across replicas. Throws a
 * `rate_limit` ProviderError when the deployment is full, so the router moves on to another deployment;
 * undefined, at once and not as a promise, when the deployment has no limits (most have none, and a promise
 * there cost every attempt a suspension and a turn of the microtask queue).
 */
export type AdmitDeployment = (deployment: Deployment, call: { requestId: string; estimatedTokens: number }) => Promise<DeploymentSlot | undefined> | undefined;
