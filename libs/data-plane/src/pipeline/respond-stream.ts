import type { Request, Response } from 'express';
import { ProviderError, type StreamEvent } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { maskOf } from './mask-of.ts';
import { toHttpError } from '../to-http-error.ts';
import type { WireFormat } from '../wire-format.ts';
import { setAnswerHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { nowMs } from './new-call-record.ts';
import { FrameWriter, SSE_HEAD } from './frame-writer.ts';
import { priceCall } from './price-call.ts';
import { estimatedUsage } from './usage-estimate.ts';
import { StreamCapture, storeAnswer } from './cache-call.ts';
import { guardStream, setGuardrailHeader } from './guard-call.ts';

/** The answer's id in its first event (a chunk's own `id`, or `message.id` in Anthropic's message_start). */
const FIRST_ID = /"id"\s*:\s*"([^"\\]{1,200})"/;

/**
 * The respond stage for an SSE stream. Retries and fallbacks are over before the first byte; from here an
 * upstream failure becomes an error event and a clean close, and what was streamed is still billed (from
 * the usage the upstream reported, else from the text that went out).
 */
export async function respondStream(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, events: AsyncIterable<StreamEvent>, format: WireFormat, modelGroup: string): Promise<void> {
  const deployment = call.outcome?.deployment;
  setAnswerHeaders(deps, req, res, call, call.outcome, modelGroup);
  setGuardrailHeader(res, call);
  // post_call guardrails check the output as it streams, holding back only a bounded window.
  if (call.guard?.guardsAnswer) events = guardStream(deps, call, events);
  res.writeHead(200, SSE_HEAD);
  const translator = format.stream();
  const out = new FrameWriter(res, maskOf(deployment));
  // The whole answer, for the response cache or for a spend row that keeps it (store_prompts_in_spend_logs).
  const capture = call.cachePlan || deps.storePayloads ? new StreamCapture() : undefined;
  // The one route answered in Anthropic's wire (the response cache names it by its route too).
  const anthropic = spec.route === '/messages';
  let streamedText = '';
  const price = () => {
    if (!call.usage || (call.clientAborted && !call.usage.completionTokens)) call.usage = estimatedUsage(spec, streamedText);
    call.record.costNanoUsd = priceCall(deps, spec, deployment, undefined, call.usage);
  };
  try {
    for await (const event of events) {
      if (call.record.firstByteTime === undefined) {
        call.record.firstByteTime = nowMs();
        call.upstreamTrace?.firstChunk();
        const id = FIRST_ID.exec(event.data)?.[1];
        if (id !== undefined) call.record.responseId = format.clientId?.(id) ?? id;
      }
      if (event.usage) call.usage = event.usage;
      if (event.text) streamedText += event.text;
      const frames = translator.frames(event);
      if (frames === '') continue;
      out.add(frames);
      capture?.add(frames);
      if (out.wait) await out.wait;
      if (call.clientAborted) break;
    }
    if (!call.clientAborted) {
      const final = translator.end(call.usage);
      price();
      // The spend row's copy is made before it settles; the cache's after the last byte (it may reuse that copy).
      const kept = deps.storePayloads ? capture?.answer(anthropic, call.usage) : undefined;
      if (kept) call.answerBody = kept;
      await call.settle();
      res.end(out.take() + final);
      // Stored only now, whole and successful: never a partial, failed or abandoned stream.
      const answer = call.cachePlan ? (kept ?? capture?.answer(anthropic, call.usage)) : undefined;
      if (answer) storeAnswer(deps, call, answer, maskOf(deployment).maskText(JSON.stringify(answer)), call.usage, deployment);
    }
  } catch (err) {
    const error = toHttpError(err);
    call.record.status = call.clientAborted ? 499 : error.status;
    call.record.errorType = err instanceof ProviderError ? err.kind : 'stream_error';
    call.record.errorMessage = error.message;
    if (!call.usage || !call.usage.completionTokens) call.usage = estimatedUsage(spec, streamedText);
    price();
    await call.settle();
    if (!call.clientAborted) res.end(out.take() + translator.error(error));
  }
  // A client that left mid-stream: bill what was streamed (the pipeline's last step settles it).
  if (!call.isSettled) price();
}
