import type { Request, Response } from 'express';
import type { Deployment } from '@switchboard/config';
import { ProviderError, type JsonResult } from '@switchboard/providers';
import { uuidV7 } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { toHttpError } from '../to-http-error.ts';
import { admitCall } from './admit-call.ts';
import { awaitDuringCall, guardAnswer, guardRequest } from './guard-call.ts';
import type { GuardrailCall } from '@switchboard/guardrails';
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
  private guardStarted = false;
  private guard: GuardrailCall | undefined;

  /**
   * `guarded`: the call is a client's request in its own right (a fan-out's model, a batch's line), so the
   * guardrails run on it as on any call. Calls the gateway makes for a check (a guardrail's moderation, the
   * semantic cache's embedding) are not: they would guard themselves.
   */
  constructor(
    private readonly deps: DataPlaneDeps,
    parent: Request,
    private readonly res: Response,
    private readonly spec: CallSpec,
    private readonly options: { guarded?: boolean } = {},
  ) {
    this.req = childRequest(parent);
    // Headers go to the parent's answer: a sub-call writes none of its own.
    this.call = new CallState(deps, this.req, res, spec, parent.requestId);
  }

  /** The guardrails on the request (a guarded sub-call), then authorize and admit (limits counted, budget reserved); throws the refusal. */
  async admit(): Promise<void> {
    await this.guardRequest();
    this.modelGroup = await admitCall(this.deps, this.req, undefined, this.spec, this.call);
  }

  /** Once, before admission as in runCall: a blocked request counts against no limit, a masked one is what is counted. */
  private async guardRequest(): Promise<void> {
    if (this.guardStarted || !this.options.guarded || !this.deps.guardrails) return;
    this.guardStarted = true;
    this.guard = await guardRequest(this.deps, this.req, this.res, this.spec, this.call);
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
      if (call.guardDuring) await awaitDuringCall(call);
      let result = outcome.result as JsonResult;
      // The post_call guardrails on the answer; the upstream's own text no longer is what goes out.
      if (this.guard?.guardsAnswer) result = { ...(result.usage ? { usage: result.usage } : {}), body: await guardAnswer(this.deps, this.req, this.res, call, result.body) };
      if (typeof result.body.id === 'string') call.record.responseId = result.body.id;
      call.usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body));
      call.record.costNanoUsd = priceCall(this.deps, spec, outcome.deployment, result, call.usage);
      await call.settle();
      return result;
    } catch (err) {
      const error = toHttpError(err);
      call.record.status = call.clientAborted ? 499 : error.status;
      call.record.errorType = err instanceof ProviderError ? err.kind : (error.code ?? 'internal');
      call.record.errorMessage = error.message;
      await call.settle();
      throw err;
    }
  }
}
