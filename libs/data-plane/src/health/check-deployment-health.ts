import type { Deployment } from '@switchboard/config';
import { CallAbortController, ProviderError, type ProviderAdapter } from '@switchboard/providers';
import { secretMaskOf, targetOf } from '../data-plane-deps.ts';

/** One deployment's answer to a health check; never a credential (see healthEndpointOf). */
export type HealthCheckResult = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };

/** Modes whose only call is costly (an image, audio): LiteLLM calls them anyway; here they are skipped, not billed. */
export const UNCHECKED_MODES: ReadonlySet<string> = new Set(['image_generation', 'audio_speech', 'audio_transcription', 'video_generation']);

/**
 * The cheapest call the deployment's mode allows, through its own adapter: a 1-token chat by default, a
 * one-word embedding, moderation or rerank for those modes. A wildcard deployment is checked with its
 * `model_info.health_check_model` (as in LiteLLM); the call is aborted after `timeoutMs`.
 */
export async function checkDeploymentHealth(deployment: Deployment, adapter: ProviderAdapter, timeoutMs: number): Promise<HealthCheckResult> {
  const started = performance.now();
  const controller = new CallAbortController();
  const timer = setTimeout(() => controller.abort(new ProviderError('timeout', 408, `health check timed out after ${timeoutMs} ms`)), timeoutMs);
  const checkModel = deployment.modelInfo.health_check_model;
  const target = typeof checkModel === 'string' && checkModel !== '' ? { ...targetOf(deployment), model: checkModel.replace(`${deployment.provider}/`, '') } : targetOf(deployment);
  const ctx = { signal: controller.signal, requestId: `health-${deployment.id}` };
  try {
    const call = (async () => {
      switch (deployment.modelInfo.mode) {
        case 'embedding':
          return adapter.json('embeddings', { model: target.model, input: 'ping' }, target, ctx);
        case 'moderation':
          return adapter.json('moderations', { model: target.model, input: 'ping' }, target, ctx);
        case 'rerank':
          if (!adapter.rerank) throw new ProviderError('unsupported', 400, `provider ${deployment.provider} has no rerank API`);
          return adapter.rerank({ model: target.model, query: 'ping', documents: ['ping'], top_n: 1 }, target, ctx);
        case 'completion':
          return adapter.json('completions', { model: target.model, prompt: 'ping', max_tokens: 1 }, target, ctx);
        default:
          return adapter.json('chat', { model: target.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }, target, ctx);
      }
    })();
    // The abort reason wins even when an adapter does not watch the signal.
    const aborted = new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
    await Promise.race([call, aborted]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'health check failed';
    // Upstream error text may echo the key it was sent: the deployment's secrets are masked out.
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: secretMaskOf(deployment).maskText(message) };
  } finally {
    clearTimeout(timer);
  }
}
