import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, Response } from 'express';
import type { GuardrailCall, GuardrailOutcome, ModerateFn, StreamGuard } from '@switchboard/guardrails';
import type { StreamEvent } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { openAiCall } from '../endpoints/openai-call.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { SubCall } from './sub-call.ts';
import { addHeader } from '@switchboard/service-kit';

/** The request a guardrail's moderation call is made for (a sub-call of it: authorized, limited, a child spend row). */
const guardedRequest = new AsyncLocalStorage<{ deps: DataPlaneDeps; req: Request; res: Response }>();

/**
 * The `openai_moderation` guardrail's call: the configured moderation model group, through the pipeline as a
 * sub-call of the request being checked. Throws outside a guarded request (the guardrail then fails closed).
 */
export const moderateThroughGateway: ModerateFn = async (input, { model }) => {
  const context = guardedRequest.getStore();
  if (!context) throw new Error('a moderation guardrail ran outside a request');
  const result = await new SubCall(context.deps, context.req, context.res, openAiCall('moderations', '/moderations', { model, input })).run();
  const results = (result.body.results as { flagged?: unknown; categories?: Record<string, unknown> }[] | undefined) ?? [];
  const categories: Record<string, boolean> = {};
  for (const entry of results) for (const [name, flagged] of Object.entries(entry.categories ?? {})) categories[name] = categories[name] === true || flagged === true;
  return { flagged: results.some((entry) => entry.flagged === true), categories };
};

/** Runs a guardrail stage with the request at hand for its moderation sub-calls. */
function inRequest<T>(deps: DataPlaneDeps, req: Request, res: Response, stage: () => Promise<T>): Promise<T> {
  return guardedRequest.run({ deps, req, res }, stage);
}

/**
 * The guard stage before routing: selects the call's guardrails (default_on, the key's and team's, what the
 * request adds), runs pre_call ones on the request (a masked copy replaces what goes upstream) and starts the
 * during_call ones beside the upstream call. Returns undefined when no guardrail applies.
 */
export async function guardRequest(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState): Promise<GuardrailCall | undefined> {
  const guardrails = deps.guardrails;
  const guarded = spec.guard;
  if (!guardrails || !guarded) return undefined;
  const metadata = req.keyContext?.guardrailMetadata;
  const selection = guardrails.select({ body: guarded.body(), ...(metadata?.key ? { keyMetadata: metadata.key } : {}), ...(metadata?.team ? { teamMetadata: metadata.team } : {}) });
  const principal = req.principal;
  const guard = guardrails.startCall(selection, {
    operation: guarded.operation,
    requestId: req.requestId,
    signal: call.controller.signal,
    caller: {
      ...(principal?.keyHash ? { user_api_key_hash: principal.keyHash } : {}),
      ...(principal?.keyAlias ? { user_api_key_alias: principal.keyAlias } : {}),
      ...(principal?.userId ? { user_api_key_user_id: principal.userId } : {}),
      ...(principal?.teamId ? { user_api_key_team_id: principal.teamId } : {}),
      ...(principal?.organizationId ? { user_api_key_org_id: principal.organizationId } : {}),
      ...(call.record.endUser ? { user_api_key_end_user_id: call.record.endUser } : {}),
    },
  });
  // The request's guardrail list is the gateway's, never the provider's.
  guarded.strip();
  if (!guard.active) return undefined;
  call.guard = guard;
  try {
    const { body } = await inRequest(deps, req, res, () => guard.preCall(guarded.body()));
    if (body !== guarded.body()) guarded.replace(body);
    if (guard.hasDuringCall) {
      const during = inRequest(deps, req, res, () => guard.duringCall(guarded.body()));
      // Awaited before any byte of the answer goes out; a failure before then is the call's error.
      during.catch(() => undefined);
      call.guardDuring = during;
    }
  } finally {
    recordGuardrails(deps, call, guard.outcomes);
  }
  return guard;
}

/** Waits for the during_call guardrails (the answer is held until they pass). */
export async function awaitDuringCall(call: CallState): Promise<void> {
  if (!call.guardDuring) return;
  const during = call.guardDuring;
  call.guardDuring = undefined;
  try {
    await during;
  } finally {
    if (call.guard) recordGuardrails(undefined, call, call.guard.outcomes);
  }
}

/** The post_call guardrails on a whole answer (the client's JSON): a masked or restored copy, or a violation. */
export async function guardAnswer(deps: DataPlaneDeps, req: Request, res: Response, call: CallState, answer: Record<string, unknown>): Promise<Record<string, unknown>> {
  const guard = call.guard;
  if (!guard?.guardsAnswer) return answer;
  try {
    return (await inRequest(deps, req, res, () => guard.postCall(answer))).answer;
  } finally {
    recordGuardrails(deps, call, guard.outcomes);
  }
}

/** The applied guardrails header, LiteLLM's name for it. */
export function setGuardrailHeader(res: Response, call: CallState): void {
  const applied = call.guard?.applied ?? [];
  if (applied.length > 0 && !res.headersSent) addHeader(res, 'x-litellm-applied-guardrails', applied.join(','));
}

/** What the guardrails did, on the call record (the spend row's metadata) and in the metrics. */
function recordGuardrails(deps: DataPlaneDeps | undefined, call: CallState, outcomes: readonly GuardrailOutcome[]): void {
  call.record.guardrails = outcomes.map((outcome) => ({ guardrail: outcome.guardrail, mode: outcome.mode, action: outcome.action }));
  if (call.trace.isRecording && outcomes.length > 0) call.trace.setAttributes({ 'switchboard.guardrails': outcomes.map((outcome) => `${outcome.guardrail}:${outcome.action}`) });
  if (deps) for (const outcome of outcomes.slice(call.guardOutcomesCounted)) deps.metrics.guardrailOutcomes.labels(outcome.guardrail, outcome.action).inc();
  call.guardOutcomesCounted = Math.max(call.guardOutcomesCounted, outcomes.length);
}

type Json = Record<string, unknown>;

/**
 * A stream with post_call guardrails: each output text (a choice's content in OpenAI chunks, a text block in
 * Anthropic events) goes through its own window guard, which holds back only a bounded window so an entity
 * split across chunks is still caught; the held text goes out before the chunk that finishes it. A violation
 * ends the stream with an error event (respond-stream's error path, in the client's format).
 */
export async function* guardStream(deps: DataPlaneDeps, call: CallState, events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
  const guard = call.guard;
  if (!guard?.guardsAnswer) {
    yield* events;
    return;
  }
  const guards = new Map<string, StreamGuard>();
  const guardOf = (slot: string) => {
    let found = guards.get(slot);
    if (!found) guards.set(slot, (found = guard.streamGuard()));
    return found;
  };
  try {
    for await (const event of events) {
      let parsed: Json;
      try {
        parsed = JSON.parse(event.data) as Json;
      } catch {
        yield event;
        continue;
      }
      if (Array.isArray(parsed.choices)) {
        let changed = false;
        for (const choice of parsed.choices as Json[]) {
          const slot = `choice:${String(choice.index ?? 0)}`;
          const delta = choice.delta as Json | undefined;
          const field = delta && typeof delta.content === 'string' ? delta : typeof choice.text === 'string' ? choice : undefined;
          const key = field === delta ? 'content' : 'text';
          if (field) {
            field[key] = guardOf(slot).push(field[key] as string);
            changed = true;
          }
          if (choice.finish_reason && guards.has(slot)) {
            const rest = await guards.get(slot)!.end();
            guards.delete(slot);
            if (rest !== '') {
              if (field) field[key] = `${field[key] as string}${rest}`;
              else if (delta) delta.content = rest;
              else choice.text = rest;
            }
            changed = true;
          }
        }
        yield changed ? { ...event, data: JSON.stringify(parsed) } : event;
        continue;
      }
      // Anthropic events: text deltas per content block, flushed before the block stops.
      const slot = `block:${String(parsed.index ?? 0)}`;
      const delta = parsed.delta as Json | undefined;
      if (parsed.type === 'content_block_delta' && delta?.type === 'text_delta' && typeof delta.text === 'string') {
        delta.text = guardOf(slot).push(delta.text);
        yield { ...event, data: JSON.stringify(parsed) };
        continue;
      }
      if (parsed.type === 'content_block_stop' && guards.has(slot)) {
        const rest = await guards.get(slot)!.end();
        guards.delete(slot);
        if (rest !== '') yield { event: 'content_block_delta', data: JSON.stringify({ type: 'content_block_delta', index: parsed.index ?? 0, delta: { type: 'text_delta', text: rest } }) };
      }
      yield event;
    }
  } finally {
    recordGuardrails(deps, call, guard.outcomes);
  }
}
