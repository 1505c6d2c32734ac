import type { Request, Response } from 'express';
import { CallAbortController, type Usage } from '@switchboard/providers';
import type { RouteOutcome } from '@switchboard/router';
import type { Admission, DeploymentSlot } from '@switchboard/contracts';
import type { CallRecord } from '@switchboard/contracts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { accountCall } from './account-call.ts';
import type { CallResult, CallSpec } from './call-spec.ts';

export const nowMs = () => performance.timeOrigin + performance.now();
export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

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
  readonly warnings: string[] = [];
  private settled = false;

  /** `parentRequestId`: this call is a sub-call made on that request's behalf (its client's response is the parent's). */
  constructor(
    private readonly deps: DataPlaneDeps,
    req: Request,
    res: Response,
    spec: CallSpec,
    parentRequestId?: string,
  ) {
    const startTime = nowMs();
    res.on('close', () => {
      if (!res.writableFinished) {
        this.clientAborted = true;
        this.controller.abort();
      }
    });
    this.record = {
      requestId: req.requestId,
      ...(parentRequestId ? { parentRequestId } : {}),
      route: spec.route,
      ...(req.principal ? { principal: req.principal } : {}),
      requestedModel: spec.model,
      stream: spec.respond === 'sse',
      costNanoUsd: 0,
      status: 200,
      startTime,
      endTime: startTime,
      attempts: 0,
      clientAborted: false,
      ...(typeof spec.body.user === 'string' ? { endUser: spec.body.user } : {}),
      ...(spec.body.metadata && typeof spec.body.metadata === 'object' ? { metadata: spec.body.metadata as Record<string, unknown> } : {}),
    };
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
    return accountCall(this.deps, this.record, this.admission);
  }
}
