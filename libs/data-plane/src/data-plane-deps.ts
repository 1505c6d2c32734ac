import type { Logger } from 'pino';
import type { Deployment } from '@switchboard/config';
import type { PriceBook } from '@switchboard/pricing';
import { deploymentSecrets, SecretMask, type DeploymentTarget, type ProviderAdapter } from '@switchboard/providers';
import type { Router } from '@switchboard/router';
import type { Admit, AdmitDeployment } from '@switchboard/contracts';
import type { CallRecord } from '@switchboard/contracts';
import type { ResponseCache } from '@switchboard/response-cache';
import type { Tracing } from '@switchboard/telemetry';
import type { Guardrails } from '@switchboard/guardrails';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { FileStore } from './files/file-store.ts';
import type { BatchStore } from './batches/batch-store.ts';
import type { StoredPayloadLimits } from './pipeline/stored-payload.ts';

/** Everything the data-plane handlers need, built once by the gateway's composition root. */
export interface DataPlaneDeps {
  router: Router;
  adapterFor: (provider: string) => ProviderAdapter;
  priceBook: PriceBook;
  metrics: GatewayMetrics;
  logger: Logger;
  maxRequestBytes: number;
  /**
   * `store_prompts_in_spend_logs`: each call's record keeps its request and its answer (CallRecord.requestBody and
   * responseBody, cut as stored-payload.ts says); absent, neither is kept.
   */
  storePayloads?: StoredPayloadLimits | undefined;
  /** The limit stage: authorization, rate limits and budget reservations (enforcement lib). */
  admit?: Admit;
  /** Each attempt's deployment rpm/tpm, shared across replicas (with Redis); the router's own counts otherwise. */
  admitDeployment?: AdmitDeployment;
  /** Accounting hook: called once per authenticated request, after the response ended. */
  /** Accounting for one settled request; a returned promise resolves once it is durable (answers wait for it). */
  onSettled?: (record: CallRecord) => void | Promise<void>;
  /** The response cache (`litellm_settings.cache`), when on. */
  cache?: ResponseCache;
  /** The configured guardrails (`guardrails:`), when any. */
  guardrails?: Guardrails;
  /** OpenTelemetry tracing (`callbacks: ["otel"]`, OTEL_*); off (no-op spans) when absent. */
  tracing?: Tracing;
  /** The files API's store (the database); the files routes answer 400 without one. */
  files?: FileStore;
  /** The batches API's store (the database), with the files store; the batches routes answer 400 without them. */
  batches?: BatchStore;
  /** The process's batch runner, woken when a batch is made or cancelled (it also polls for other replicas' batches). */
  batchRunner?: { wake(): void };
}

const targets = new WeakMap<Deployment, DeploymentTarget>();

/** The adapter's view of a deployment, built once per deployment object. */
export function targetOf(deployment: Deployment): DeploymentTarget {
  let target = targets.get(deployment);
  if (!target) {
    target = {
      provider: deployment.provider,
      model: deployment.model,
      timeoutMs: deployment.timeoutMs,
      params: deployment.params,
      ...(deployment.apiBase !== undefined ? { apiBase: deployment.apiBase } : {}),
      ...(deployment.apiKey !== undefined ? { apiKey: deployment.apiKey } : {}),
      ...(deployment.streamTimeoutMs !== undefined ? { streamTimeoutMs: deployment.streamTimeoutMs } : {}),
    };
    targets.set(deployment, target);
  }
  return target;
}

const masks = new WeakMap<Deployment, SecretMask>();

/** The deployment's credentials as a mask for what its upstream answers, built once per deployment object. */
export function secretMaskOf(deployment: Deployment): SecretMask {
  let mask = masks.get(deployment);
  if (!mask) {
    mask = SecretMask.of(deploymentSecrets(targetOf(deployment)));
    masks.set(deployment, mask);
  }
  return mask;
}
