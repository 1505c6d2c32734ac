import type { Request, Response } from 'express';
import type { BinaryResult } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { setAnswerHeaders, setCostHeaders } from './answer-headers.ts';
import type { CallSpec } from './call-spec.ts';
import type { CallState } from './call-state.ts';
import { drained } from './frame-writer.ts';
import { priceCall } from './price-call.ts';

/** The respond stage for bytes (synthesized speech): priced and accounted before the bytes go out, written with back-pressure. */
export async function respondBinary(deps: DataPlaneDeps, req: Request, res: Response, spec: CallSpec, call: CallState, result: BinaryResult, modelGroup: string): Promise<void> {
  call.usage = result.usage;
  call.record.costNanoUsd = priceCall(deps, spec, call.outcome?.deployment, result, result.usage);
  setAnswerHeaders(deps, req, res, call, call.outcome, modelGroup);
  setCostHeaders(res, call.record.costNanoUsd);
  res.writeHead(200, ['content-type', result.contentType]);
  await call.settle();
  for await (const chunk of result.body) {
    if (call.clientAborted) break;
    if (!res.write(chunk)) await drained(res);
  }
  if (!call.clientAborted) res.end();
}
