import type { Request, Response } from 'express';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { accountCall } from '../pipeline/account-call.ts';
import { newCallRecord, nowMs } from '../pipeline/new-call-record.ts';
import { maskOf } from '../pipeline/mask-of.ts';
import { SubCall } from '../pipeline/sub-call.ts';
import { toHttpError } from '../to-http-error.ts';
import { openAiCall } from './openai-call.ts';

/** Upper bound on the models one request fans out to: each is a call of its own. */
const MAX_FAN_OUT = 16;

/** `"model": "a,b"`: the model groups a chat request fans out to, in the request's order (a model named twice is called twice). */
export function fanOutModels(model: unknown): string[] | undefined {
  if (typeof model !== 'string' || !model.includes(',')) return undefined;
  return model.split(',').map((name) => name.trim());
}

/**
 * LiteLLM's batch completions: one chat request to several model groups at once, answered with a list of
 * their answers in the request's order. Every model is authorized and admitted before any is called (one
 * forbidden or unknown model refuses the whole request, and nothing is spent); each runs as a sub-call of
 * the request (its own limits, its own spend row carrying this request's id), and the request's own row
 * records the fan-out at no cost of its own. Streaming is refused: there is no wire format for a list of streams.
 */
export async function fanOutChat(deps: DataPlaneDeps, req: Request, res: Response, body: Record<string, unknown>, models: readonly string[]): Promise<void> {
  if (body.stream === true) throw new HttpError(400, 'stream: true is not supported when "model" names several models', { param: 'stream' });
  if (models.length > MAX_FAN_OUT || models.some((model) => model === '')) {
    throw new HttpError(400, `"model" may name at most ${MAX_FAN_OUT} models, separated by commas, none empty`, { param: 'model' });
  }
  const record = newCallRecord(req, { route: '/chat/completions', model: models.join(','), stream: false, body });
  const calls = models.map((model) => new SubCall(deps, req, res, openAiCall('chat', '/chat/completions', { ...body, model }), { guarded: true }));
  try {
    try {
      for (const call of calls) await call.admit();
    } catch (err) {
      for (const call of calls) call.release();
      throw err;
    }
    const answers = await Promise.all(calls.map((call) => call.run()));
    const text = JSON.stringify(answers.map((answer) => answer.body));
    // Each answer's own deployment credentials are masked by the sub-call's deployment; mask the list as a whole too.
    const masked = calls.reduce((out, call) => maskOf(call.deployment).maskText(out), text);
    record.endTime = nowMs();
    await accountCall(deps, record, undefined);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(masked) });
    res.end(masked);
  } catch (err) {
    const error = toHttpError(err);
    record.status = error.status;
    record.errorType = error.code ?? 'fan_out_failed';
    record.errorMessage = error.message;
    record.endTime = nowMs();
    await accountCall(deps, record, undefined);
    throw error;
  }
}
