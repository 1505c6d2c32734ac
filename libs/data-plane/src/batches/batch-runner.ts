import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { KeyContext, Principal } from '@switchboard/contracts';
import { HttpError } from '@switchboard/service-kit';
import type { Logger } from 'pino';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { openAiCall } from '../endpoints/openai-call.ts';
import type { FileStore } from '../files/file-store.ts';
import { SubCall } from '../pipeline/sub-call.ts';
import { validateBody, chatRequestSchema, completionRequestSchema, embeddingRequestSchema } from '../request-schemas.ts';
import { toHttpError } from '../to-http-error.ts';
import { BATCH_ENDPOINTS, BatchInputError, parseBatchInput, type BatchEndpoint, type BatchLine } from './batch-input.ts';
import type { BatchEndStatus, BatchStore, StoredBatch } from './batch-store.ts';

/** Who a batch runs as, looked up again for every batch taken (a key blocked or deleted since stops it). */
export type BatchPrincipalOf = (keyHash: string | null) => Promise<{ principal: Principal; keyContext?: KeyContext } | undefined>;

export interface BatchRunnerOptions {
  store: BatchStore;
  files: FileStore;
  principalOf: BatchPrincipalOf;
  logger: Logger;
  /** How often an idle runner looks for batches (other replicas' too). */
  pollMs?: number;
  /** How long a claim holds without renewal: a runner that dies hands its batch on after this. */
  leaseMs?: number;
  /** Lines in flight at once, per batch. */
  concurrency?: number;
}

const SCHEMAS = { chat: chatRequestSchema, completions: completionRequestSchema, embeddings: embeddingRequestSchema } as const;

/** Stops the line loop: the lease went to another runner, or the batch is being cancelled. */
class Stop extends Error {
  constructor(readonly reason: 'lost' | 'cancelling' | 'closing') {
    super(reason);
  }
}

/**
 * Runs batches: claims the oldest open one by a lease (any replica may), runs each line not yet answered through
 * the call pipeline as the batch's key (a SubCall: authorized, limited, budgeted, with a spend row per line whose
 * parent is the batch's request id), keeps each answer as it comes, and ends the batch by writing its output and
 * error files. A rate-limited line waits and is tried again; any other refusal or failure is that line's answer.
 */
export class BatchRunner {
  private readonly owner = `runner-${randomBytes(8).toString('hex')}`;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing = false;
  private again = false;

  constructor(
    private readonly deps: DataPlaneDeps,
    private readonly options: BatchRunnerOptions,
  ) {
    this.pollMs = options.pollMs ?? 2_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.concurrency = options.concurrency ?? 4;
  }

  start(): void {
    this.schedule(0);
  }

  /** A batch was made or cancelled here: look now rather than at the next poll. */
  wake(): void {
    if (this.closing) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops taking batches and waits for the current one to let go (its lease lapses for another runner). */
  async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain().finally(() => {
        this.running = undefined;
        if (!this.closing) this.schedule(this.again ? 0 : this.pollMs);
        this.again = false;
      });
    }, ms);
    this.timer.unref();
  }

  /** Takes batches until none is free. */
  private async drain(): Promise<void> {
    while (!this.closing) {
      let batch: StoredBatch | undefined;
      try {
        batch = await this.options.store.claim(this.owner, this.leaseMs);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'claiming a batch failed; retrying');
        return;
      }
      if (!batch) return;
      try {
        await this.run(batch);
      } catch (error) {
        // Its lease lapses and a runner takes it again; answered lines are kept.
        this.options.logger.error({ err: error, batch: batch.id }, 'running a batch failed; it is taken up again when its lease lapses');
      }
    }
  }

  private async run(batch: StoredBatch): Promise<void> {
    const { store, files, logger } = this.options;
    if (batch.status === 'cancelling') return this.end(batch, 'cancelled');
    if (batch.expiresAt.getTime() <= Date.now()) return this.end(batch, 'expired');
    const content = await files.content(batch.inputFileId, 'all');
    if (!content) return this.end(batch, 'failed', failure('input_file_missing', `The input file ${batch.inputFileId} was deleted before the batch ran`));
    const endpoint = batch.endpoint as BatchEndpoint;
    let lines: BatchLine[];
    try {
      lines = parseBatchInput(content, endpoint);
    } catch (error) {
      if (!(error instanceof BatchInputError)) throw error;
      return this.end(batch, 'failed', { object: 'list', data: [{ code: error.code, message: error.detail, param: null, line: error.line }] });
    }
    const who = await this.options.principalOf(batch.keyHash).catch((error: unknown) => {
      if (error instanceof HttpError && error.status < 500) return undefined;
      throw error;
    });
    if (!who) return this.end(batch, 'failed', failure('key_invalid', 'The key that made this batch is no longer valid (deleted, blocked or expired)'));
    const answered = await store.answered(batch.id);
    const pending = lines.filter((line) => !answered.has(line.lineIndex));
    logger.info({ batch: batch.id, lines: lines.length, pending: pending.length }, 'running a batch');
    // The lease is renewed on a clock of its own, so a slow line never lets it lapse under a runner still at work.
    let lost = false;
    let cancelling = false;
    const heartbeat = setInterval(() => {
      store.renew(batch.id, this.owner, this.leaseMs).then(
        (lease) => {
          if (!lease.held) lost = true;
          else if (lease.status === 'cancelling') cancelling = true;
        },
        (error: unknown) => logger.warn({ err: error, batch: batch.id }, 'renewing a batch lease failed; retrying'),
      );
    }, this.leaseMs / 3);
    heartbeat.unref();
    const check = async (): Promise<void> => {
      if (this.closing) throw new Stop('closing');
      if (lost) throw new Stop('lost');
      if (cancelling) throw new Stop('cancelling');
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pending.length) {
        await check();
        const line = pending[next++] as BatchLine;
        const outcome = await this.runLine(batch, endpoint, line, who, check);
        await store.record(batch.id, { lineIndex: line.lineIndex, ...outcome });
      }
    };
    // Every worker finishes its line before the batch ends (a stopped worker stops at its next check).
    const settled = await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));
    clearInterval(heartbeat);
    const stopped = settled.find((result) => result.status === 'rejected');
    if (stopped) {
      if (!(stopped.reason instanceof Stop)) throw stopped.reason;
      if (stopped.reason.reason === 'cancelling') return this.end(batch, 'cancelled');
      return;
    }
    const lease = await store.renew(batch.id, this.owner, this.leaseMs);
    if (lease.held) await this.end(batch, lease.status === 'cancelling' ? 'cancelled' : 'completed');
  }

  /** One line through the pipeline; a rate limit waits its Retry-After (checking the lease meanwhile) and tries again. */
  private async runLine(batch: StoredBatch, endpoint: BatchEndpoint, line: BatchLine, who: { principal: Principal; keyContext?: KeyContext }, check: () => Promise<void>): Promise<{ failed: boolean; outcome: Record<string, unknown> }> {
    const operation = BATCH_ENDPOINTS[endpoint];
    const id = `batch_req_${randomBytes(12).toString('hex')}`;
    for (;;) {
      let requestId = batch.requestId;
      try {
        const body = validateBody(SCHEMAS[operation], line.body);
        const sub = new SubCall(this.deps, batchRequest(batch, endpoint, who), idleResponse(), openAiCall(operation, endpoint.slice('/v1'.length), body), { guarded: true });
        requestId = sub.requestId;
        const result = await sub.run();
        return { failed: false, outcome: { id, custom_id: line.customId, response: { status_code: 200, request_id: requestId, body: result.body }, error: null } };
      } catch (error) {
        const refusal = toHttpError(error);
        if (refusal.status === 429 && refusal.code !== 'budget_exceeded') {
          await sleep(Math.min(60, Math.max(1, refusal.retryAfter ?? 1)) * 1000);
          await check();
          continue;
        }
        const errorBody = { message: refusal.message, type: refusal.type, param: refusal.param ?? null, code: refusal.code ?? null };
        return { failed: true, outcome: { id, custom_id: line.customId, response: { status_code: refusal.status, request_id: requestId, body: { error: errorBody } }, error: null } };
      }
    }
  }

  private async end(batch: StoredBatch, status: BatchEndStatus, errors?: Record<string, unknown>): Promise<void> {
    const ended = await this.options.store.finish(batch.id, this.owner, { status, owner: { keyHash: batch.keyHash, userId: batch.userId, teamId: batch.teamId }, ...(errors ? { errors } : {}) });
    if (ended) this.options.logger.info({ batch: batch.id, status, completed: ended.completed, failed: ended.failed }, 'batch ended');
  }
}

const failure = (code: string, message: string) => ({ object: 'list', data: [{ code, message, param: null, line: null }] });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The request a batch's lines are sub-calls of: the batch's key, its request id, the endpoint's route. */
function batchRequest(batch: StoredBatch, endpoint: BatchEndpoint, who: { principal: Principal; keyContext?: KeyContext }): Request {
  return { principal: who.principal, keyContext: who.keyContext, requestId: batch.requestId, method: 'POST', url: endpoint, originalUrl: endpoint, headers: {}, query: {}, params: {} } as unknown as Request;
}

/** No client waits on a batch line: a response that never closes early. */
function idleResponse(): Response {
  return Object.assign(new EventEmitter(), { writableFinished: true, headersSent: false, setHeader: () => undefined, getHeader: () => undefined }) as unknown as Response;
}
