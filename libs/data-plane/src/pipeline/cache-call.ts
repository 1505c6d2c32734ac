import type { Request, Response } from 'express';
import { regionOf, type Deployment } from '@switchboard/config';
import type { Usage } from '@switchboard/providers';
import { cachedBody, assembleAnthropicStream, assembleOpenAiStream, parseSseFrames, replayAnthropicStream, replayOpenAiStream, writeSseFrames, type CacheHit, type CachePlan, type ResponseCache } from '@switchboard/response-cache';
import { addHeader, sendJsonText } from '@switchboard/service-kit';
import { SSE_HEAD } from './frame-writer.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { openAiCall } from '../endpoints/openai-call.ts';
import { admitCall } from './admit-call.ts';
import { setAnswerHeaders, setCostHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { SubCall } from './sub-call.ts';

/** A streamed answer larger than this is not kept: the capture would cost more memory than the cache saves. */
const MAX_CAPTURED_STREAM_CHARS = 2 * 1024 * 1024;

/** The cache's plan for this call (its key and controls), or undefined when no cache applies. Throws 400 on a malformed control. */
function planCache(cache: ResponseCache, req: Request, spec: CallSpec, modelGroup: string, field: unknown): CachePlan | undefined {
  const cacheControl = req.headers['cache-control'];
  return cache.plan({ route: spec.route, modelGroup, body: spec.body, cache: field, principal: req.principal, cacheControl: typeof cacheControl === 'string' ? cacheControl : undefined, stream: spec.respond === 'sse' });
}

/**
 * The cache and admission stages together. An exact cache is asked before admission, so a hit is admitted as
 * one (nothing reserved; rate limits per `count_hits_in_limits`); a semantic one embeds the prompt, an
 * accounted call, so it is asked only once admitted. A hit answers only within the end user's region and
 * the planned group; a free hit that cannot answer is admitted again as a real call. `cacheable`: false when
 * a guardrail checks the answer (it may hold restored values). Returns the group the call goes to, the plan
 * and a hit that may answer; a miss is marked (headers, and the store once the answer ended well). Without a
 * cache plan, no promise when admission had nothing to wait for (see admitCall).
 */
export function admitThroughCache(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, planned: string, cacheField: unknown, cacheable: boolean): Admitted | Promise<Admitted> {
  const cache = deps.cache;
  const plan = cache && cacheable ? planCache(cache, req, spec, planned, cacheField) : undefined;
  if (!cache || !plan) {
    const group = admitCall(deps, req, res, spec, call, planned);
    return typeof group === 'string' ? { modelGroup: group } : group.then((modelGroup) => ({ modelGroup }));
  }
  return admitPlanned(deps, req, res, spec, call, planned, cache, plan);
}

/** The group a call goes to, the cache's plan for it, and a hit that may answer it. */
export interface Admitted {
  modelGroup: string;
  plan?: CachePlan;
  hit?: CacheHit;
}

/** admitThroughCache with a cache plan: lookups around admission. */
async function admitPlanned(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, planned: string, cache: ResponseCache, plan: CachePlan): Promise<Admitted> {
  let hit = cache.isSemantic ? undefined : await cache.lookup(plan);
  const counted = cache.settings.countHitsInLimits;
  let modelGroup = await admitCall(deps, req, res, spec, call, planned, hit ? (counted ? 'counted' : 'free') : undefined);
  if (cache.settings.semantic) hit = await cache.lookup(plan, embedThroughGateway(deps, req, res, cache.settings.semantic.embeddingModel));
  if (hit && !hitFits(hit, call, modelGroup, planned)) {
    if (!counted) {
      void call.admission?.settle({ ...call.record, costNanoUsd: 0 });
      modelGroup = await admitCall(deps, req, res, spec, call, planned);
    }
    hit = undefined;
  }
  if (call.trace.isRecording) call.trace.setAttributes({ 'switchboard.cache.result': hit ? (hit.similarity !== undefined ? 'semantic_hit' : 'hit') : plan.lookup ? 'miss' : 'bypass' });
  if (!hit && modelGroup === planned) markCacheMiss(res, call, plan);
  return { modelGroup, plan, ...(hit ? { hit } : {}) };
}

/**
 * The semantic cache's embedding of a prompt: the configured embedding model group, called through the
 * pipeline as a sub-call of this request (authorized for the caller's key, limited, and a child spend row).
 */
export function embedThroughGateway(deps: DataPlaneDeps, req: Request, res: Response, model: string): (text: string) => Promise<number[]> {
  return async (text) => {
    const result = await new SubCall(deps, req, res, openAiCall('embeddings', '/embeddings', { model, input: text })).run();
    const embedding = (result.body.data as { embedding?: unknown }[] | undefined)?.[0]?.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw new Error(`the embedding model "${model}" answered no embedding`);
    }
    return embedding as number[];
  };
}

/** Whether a hit may answer this call: never across an end user's allowed region, never for another model group. */
function hitFits(hit: CacheHit, call: CallState, modelGroup: string, plannedGroup: string): boolean {
  const region = call.admission?.region;
  return modelGroup === plannedGroup && (region === undefined || hit.answer.region === region);
}

/**
 * The respond stage for an answer from the cache: no upstream call, cost 0 (the spend row keeps what it cost
 * when made), accounted like any answer; then the stored body, or the client's stream of it.
 */
export async function respondCached(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, plan: CachePlan, hit: CacheHit, modelGroup: string): Promise<void> {
  const { answer } = hit;
  Object.assign(call.record, { cacheHit: true, cacheKey: plan.key, savedCostNanoUsd: answer.costNanoUsd, costNanoUsd: 0 });
  if (answer.id !== undefined) call.record.responseId = answer.id;
  if (answer.usage) call.usage = answer.usage;
  addHeader(res, 'x-litellm-cache-key', plan.key);
  addHeader(res, 'x-switchboard-cache', hit.similarity !== undefined ? 'semantic-hit' : 'hit');
  if (hit.similarity !== undefined) addHeader(res, 'x-litellm-semantic-similarity', hit.similarity.toFixed(6));
  setAnswerHeaders(deps, req, res, call, undefined, modelGroup);
  setCostHeaders(res, 0);
  deps.metrics.cacheSavedSpend.labels(modelGroup).inc(answer.costNanoUsd / 1e9);
  if (deps.storePayloads) call.answerBody = cachedBody(answer);
  await call.settle();
  if (spec.respond !== 'sse') {
    sendJsonText(res, 200, answer.bodyText);
    return;
  }
  const includeUsage = (spec.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const body = cachedBody(answer);
  const frames = plan.callType === 'anthropic_messages' ? replayAnthropicStream(body) : replayOpenAiStream(body, answer.usage, includeUsage);
  res.writeHead(200, SSE_HEAD);
  res.end(writeSseFrames(frames));
}

/** Marks a call whose answer may be stored: the miss headers now, the store once it ends well. */
function markCacheMiss(res: Response, call: CallState, plan: CachePlan): void {
  addHeader(res, 'x-switchboard-cache', 'miss');
  addHeader(res, 'x-litellm-cache-key', plan.key);
  call.record.cacheKey = plan.key;
  if (plan.store) call.cachePlan = plan;
}

/** Whether an answer may be kept: never one a content filter stopped, a refusal, or an unfinished response. */
function isStorable(plan: CachePlan, body: Record<string, unknown>): boolean {
  if (plan.callType === 'anthropic_messages') return body.stop_reason !== 'refusal' && body.stop_reason !== null && body.stop_reason !== undefined;
  if (plan.callType === 'responses') return body.status === 'completed';
  if (plan.callType === 'embedding') return Array.isArray(body.data);
  const choices = body.choices;
  return Array.isArray(choices) && choices.length > 0 && choices.every((choice: { finish_reason?: unknown }) => choice.finish_reason !== 'content_filter' && choice.finish_reason !== null && choice.finish_reason !== undefined);
}

/**
 * Keeps a successful answer for later identical requests: `clientBody` is what the client got (for the
 * storability check and its id), `bodyText` its JSON with the deployment's credentials masked.
 */
export function storeAnswer(deps: DataPlaneDeps, call: CallState, clientBody: Record<string, unknown>, bodyText: string, usage: Usage | undefined, deployment: Deployment | undefined): void {
  const plan = call.cachePlan;
  if (!plan || !deps.cache || call.record.status !== 200 || !isStorable(plan, clientBody)) return;
  const region = deployment ? regionOf(deployment) : undefined;
  const id = typeof clientBody.id === 'string' ? clientBody.id : undefined;
  deps.cache.save(plan, { bodyText, ...(id !== undefined ? { id } : {}), ...(usage ? { usage } : {}), costNanoUsd: call.record.costNanoUsd, ...(region ? { region } : {}), storedAt: Date.now() });
}

/** What a streamed miss sent, kept (bounded) so the whole answer can be stored once the stream ends well. */
export class StreamCapture {
  private readonly parts: string[] = [];
  private chars = 0;
  private overflowed = false;

  add(frames: string): void {
    if (this.overflowed) return;
    this.chars += frames.length;
    if (this.chars > MAX_CAPTURED_STREAM_CHARS) {
      this.overflowed = true;
      this.parts.length = 0;
      return;
    }
    this.parts.push(frames);
  }

  /** The stream as the answer a plain request gets (in Anthropic's shape or OpenAI's), or undefined when it cannot be stored. */
  answer(anthropic: boolean, usage: Usage | undefined): Record<string, unknown> | undefined {
    if (this.overflowed) return undefined;
    const frames = parseSseFrames(this.parts.join(''));
    return anthropic ? assembleAnthropicStream(frames) : assembleOpenAiStream(frames, usage);
  }
}
