import type { Request, Response } from 'express';
import type { Deployment } from '@switchboard/config';
import { ProviderError, type JsonResult } from '@switchboard/providers';
import { uuidV7 } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { toHttpError } from '../to-http-error.ts';
import { admitCall } from './admit-call.ts';
import type { CallSpec } from './call-spec.ts';
import { CallState } from './call-state.ts';
import { priceCall } from './price-call.ts';
import { routeCall } from './route-call.ts';
import { estimatedUsage, outputTextOf } from './usage-estimate.ts';

/** The parent request as a sub-call sees it: the same caller, key context and route, its own request id. */
function childRequest(parent: Request): Request {
  return Object.create(parent, { requestId: { value: uuidV7(), enumerable: true } }) as Request;
}

/**
 * A call the gateway makes on a request's behalf (one model of a fan-out; later a semantic cache's embedding
 * or a guardrail's moderation call): the same pipeline with the caller as principal, so it is authorized,
 * limited and accounted as a child spend row carrying the parent's request id. Admission is a step of its
 * own, so a caller can admit every sub-call before running any, and release those it will not run.
 */
export class SubCall {
  private readonly req: Request;
  private readonly call: CallState;
  private modelGroup: string | undefined;

  constructor(
    private readonly deps: DataPlaneDeps,
    parent: Request,
    res: Response,
    private readonly spec: CallSpec,
  ) {
    this.req = childRequest(parent);
    // Headers go to the parent's answer: a sub-call writes none of its own.
    this.call = new CallState(deps, this.req, res, spec, parent.requestId);
  }

  /** Authorize and admit (limits counted, budget reserved); throws the refusal. */
  async admit(): Promise<void> {
    this.modelGroup = await admitCall(this.deps, this.req, undefined, this.spec, this.call);
  }

  /** Frees what admission holds, for a sub-call that will not run (no spend row: nothing was called). */
  release(): void {
    if (this.modelGroup !== undefined) void this.call.admission?.settle({ ...this.call.record, costNanoUsd: 0 });
  }

  /** The sub-call's own request id (its spend row's). */
  get requestId(): string {
    return this.req.requestId;
  }

  /** The deployment that answered, once it has. */
  get deployment(): Deployment | undefined {
    return this.call.outcome?.deployment;
  }

  /** Routes, prices and accounts the sub-call; resolves with its JSON answer, or throws what failed (accounted too). */
  async run(): Promise<JsonResult> {
    const { call, spec } = this;
    try {
      if (this.modelGroup === undefined) await this.admit();
      const { outcome } = await routeCall(this.deps, this.req, spec, call, this.modelGroup as string);
      const result = outcome.result as JsonResult;
      if (typeof result.body.id === 'string') call.record.responseId = result.body.id;
      call.usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body));
      call.record.costNanoUsd = priceCall(this.deps, spec, outcome.deployment, result, call.usage);
      await call.settle();
      return result;
    } catch (err) {
      const error = toHttpError(err);
      call.record.status = call.clientAborted ? 499 : error.status;
      call.record.errorType = err instanceof ProviderError ? err.kind : (error.code ?? 'internal');
      await call.settle();
      throw err;
    }
  }
}
