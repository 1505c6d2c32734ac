import type { Request, Response } from 'express';
import { CallAbortController, type Usage } from '@switchboard/providers';
import type { RouteOutcome, RouteProgress } from '@switchboard/router';
import type { ResolvedFallbacks } from './resolve-fallbacks.ts';
import type { RouterControls } from './router-controls.ts';
import type { Admission, DeploymentSlot } from '@switchboard/contracts';
import type { CallRecord } from '@switchboard/contracts';
import type { CachePlan } from '@switchboard/response-cache';
import type { GuardrailCall } from '@switchboard/guardrails';
import { createTracing, type RequestTrace, type UpstreamCallEnd, type UpstreamTrace } from '@switchboard/telemetry';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { accountCall } from './account-call.ts';
import { newCallRecord, nowMs } from './new-call-record.ts';
import type { CallResult, CallSpec } from './call-spec.ts';
import { storedPayload, type StoredPayloadLimits } from './stored-payload.ts';
import { maskOf } from './mask-of.ts';

export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The request trace when tracing is off: one shared no-op, so an untraced request allocates nothing for it. */
const NO_TRACE: RequestTrace = createTracing(undefined).startRequest({ method: 'GET', route: '/' });

/**
 * One request's state as it crosses the stages: its call record, the abort signal (fired when the client
 * leaves), what admission and routing hold, and the one settlement that accounts for it whatever way it ends.
 */
export class CallState {
  readonly record: CallRecord;
  readonly controller = new CallAbortController();
  clientAborted = false;
  admission: Admission | undefined;
  /** The slot of the attempt that answered, held until the request ends. */
  deploymentSlot: DeploymentSlot | undefined;
  outcome: RouteOutcome<CallResult> | undefined;
  usage: Usage | undefined;
  upstreamMs = 0;
  /** LiteLLM's per-request router controls (`fallbacks`, `num_retries`, timeouts, `mock_testing_*`), when sent. */
  controls: RouterControls | undefined;
  /** The request's own fallbacks as model groups, and the parameters each replaces (router-controls.ts). */
  fallbacks: ResolvedFallbacks | undefined;
  /** What routing has done so far (the router counts into it): an error's LiteLLM headers read it. */
  readonly progress: RouteProgress = { attempts: 0, fallbacks: 0, deployment: undefined };
  /** Set on a cache miss whose answer may be stored: the respond stages store it once it ended well. */
  cachePlan: CachePlan | undefined;
  /** The call's guardrails, when any apply (guard-call.ts). */
  guard: GuardrailCall | undefined;
  /** The during_call guardrails, running beside the upstream call; awaited before the answer goes out. */
  guardDuring: Promise<unknown> | undefined;
  /** How many guardrail outcomes the metrics have counted already. */
  guardOutcomesCounted = 0;
  readonly warnings: string[] = [];
  /** This request's server span (a no-op when tracing is off). */
  readonly trace: RequestTrace;
  /** The client span of the attempt that answered, ended once its answer is read (endUpstream). */
  upstreamTrace: UpstreamTrace | undefined;
  /**
   * With `store_prompts_in_spend_logs` (deps.storePayloads): the answer as the client got it, set by the respond
   * stage before it settles; the request is the spec's body, which the stages before changed in place.
   */
  answerBody: unknown;
  private readonly requestBody: Record<string, unknown> | undefined;
  private settled = false;

  /** `parentRequestId`: this call is a sub-call made on that request's behalf (its client's response is the parent's). */
  constructor(
    private readonly deps: DataPlaneDeps,
    req: Request,
    res: Response,
    spec: CallSpec,
    parentRequestId?: string,
  ) {
    res.on('close', () => {
      if (!res.writableFinished) {
        this.clientAborted = true;
        this.controller.abort();
      }
    });
    this.record = newCallRecord(req, { route: spec.route, model: spec.model, stream: spec.respond === 'sse', body: spec.body, parentRequestId });
    this.requestBody = deps.storePayloads ? spec.body : undefined;
    this.trace = deps.tracing?.enabled ? deps.tracing.startRequest({ method: req.method, route: spec.route, headers: req.headers }) : NO_TRACE;
  }

  /** Ends the request's spans (and an attempt's still open, a stream's) with how the call ended. */
  private endTraces(): void {
    const traceId = this.trace.traceId;
    if (traceId !== undefined) this.record.traceId = traceId;
    const errorType = this.record.errorType;
    this.endUpstream({ ...(this.usage ? { usage: { inputTokens: this.usage.promptTokens, outputTokens: this.usage.completionTokens } } : {}), ...(errorType ? { errorType } : {}) });
    this.trace.end({ status: this.record.status, ...(errorType ? { errorType } : {}) });
  }

  /** Ends the answering attempt's client span with what the answer said (usage, finish reasons, ids). */
  endUpstream(result: UpstreamCallEnd): void {
    this.upstreamTrace?.end(result);
    this.upstreamTrace = undefined;
  }

  /** The request and the answer on the record, as a spend row keeps them (stored-payload.ts). */
  private keepPayloads(limits: StoredPayloadLimits): void {
    const mask = maskOf(this.outcome?.deployment);
    const maskText = (text: string) => mask.maskText(text);
    if (this.requestBody) this.record.requestBody = storedPayload(this.requestBody, limits, maskText);
    if (this.answerBody !== undefined) this.record.responseBody = storedPayload(this.answerBody, limits, maskText);
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /**
   * Accounting runs before the last byte goes out, and the answer waits until it is durable (the promise it
   * returns): a process killed right after answering has already journaled the spend of what it answered.
   * Runs once; later calls return undefined.
   */
  settle(): Promise<void> | undefined {
    if (this.settled) return undefined;
    this.settled = true;
    this.outcome?.finish(this.usage?.totalTokens);
    this.deploymentSlot?.release(this.usage?.totalTokens ?? 0);
    this.record.endTime = nowMs();
    this.record.clientAborted = this.clientAborted;
    if (this.usage) this.record.usage = this.usage;
    if (this.deps.storePayloads) this.keepPayloads(this.deps.storePayloads);
    if (this.trace !== NO_TRACE) this.endTraces();
    return accountCall(this.deps, this.record, this.admission);
  }
}
