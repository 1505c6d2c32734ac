import type { Request } from 'express';
import type { CallRecord } from '@switchboard/contracts';
import { requestTagsOf } from './request-tags.ts';

export const nowMs = () => performance.timeOrigin + performance.now();

/**
 * A call's record as it starts: who called, which route and model, the client's `user`, `metadata` and tags; the
 * stages fill in the rest (model group, deployment, usage, cost, status) as the call goes.
 */
export function newCallRecord(req: Request, call: { route: string; model: string; stream: boolean; body: Record<string, unknown>; parentRequestId?: string | undefined }): CallRecord {
  const startTime = nowMs();
  const { body } = call;
  const record: CallRecord = {
    requestId: req.requestId,
    ...(call.parentRequestId ? { parentRequestId: call.parentRequestId } : {}),
    route: call.route,
    ...(req.principal ? { principal: req.principal } : {}),
    requestedModel: call.model,
    stream: call.stream,
    costNanoUsd: 0,
    status: 200,
    startTime,
    endTime: startTime,
    attempts: 0,
    clientAborted: false,
    ...(typeof body.user === 'string' ? { endUser: body.user } : {}),
    ...(body.metadata && typeof body.metadata === 'object' ? { metadata: body.metadata as Record<string, unknown> } : {}),
  };
  // Set after, not spread in: each spread of the literal is a copy step, and most calls have no tags.
  const requestTags = requestTagsOf(body, req.principal);
  if (requestTags.length > 0) record.requestTags = requestTags;
  return record;
}
