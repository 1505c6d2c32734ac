import type { Request, Response } from 'express';
import type { Deployment } from '@switchboard/config';
import { nanoToUsdString } from '@switchboard/pricing';
import {
  CallAbortController,
  countPromptTokens,
  countTextTokens,
  ProviderError,
  type SecretMask,
  type CallContext,
  type DeploymentTarget,
  type JsonOperation,
  type JsonResult,
  type ProviderAdapter,
  type StreamEvent,
  type StreamOperation,
  type Usage,
} from '@switchboard/providers';
import type { RouteOutcome } from '@switchboard/router';
import type { CallRecord } from './call-record.ts';
import { secretMaskOf, targetOf, type DataPlaneDeps } from './data-plane-deps.ts';
import { toHttpError } from './to-http-error.ts';
import { openAiWireFormat, type WireFormat } from './wire-format.ts';
import type { Admission, DeploymentSlot } from './admission.ts';

export interface ProxyCallSpec {
  operation: JsonOperation;
  route: string;
  body: Record<string, unknown>;
  stream: boolean;
  /** Whether the client itself asked for the usage chunk (we always ask the upstream). */
  clientWantsUsage: boolean;
  /** The client's wire format; OpenAI's unless given (Anthropic's for `/v1/messages`). */
  format?: WireFormat;
  /**
   * Replaces the default call (the adapter's json/stream with `body`) for each deployment tried, with the
   * wire format that answers the client when that deployment's result is used. `/v1/messages` sends the
   * client's Anthropic body as-is to adapters that speak it, and the translated `body` elsewhere.
   */
  attemptFor?: (deployment: Deployment, adapter: ProviderAdapter) => ProviderAttempt;
}

export interface ProviderAttempt {
  /** A JsonResult, or the stream's events when `spec.stream`. */
  call(target: DeploymentTarget, ctx: CallContext): Promise<JsonResult | AsyncIterable<StreamEvent>>;
  format: WireFormat;
}

const nowMs = () => performance.timeOrigin + performance.now();
const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Output text of a non-streamed response, for counting tokens when the upstream reports no usage. */
function outputTextOf(body: Record<string, unknown>): string {
  const choices = body.choices;
  if (!Array.isArray(choices)) return '';
  let text = '';
  for (const choice of choices as { message?: { content?: unknown }; text?: unknown }[]) {
    if (typeof choice.message?.content === 'string') text += choice.message.content;
    else if (typeof choice.text === 'string') text += choice.text;
  }
  return text;
}

function estimatedUsage(spec: ProxyCallSpec, outputText: string): Usage {
  const promptTokens = countPromptTokens(spec.operation, spec.body);
  const completionTokens = countTextTokens(outputText);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
}

/** Resolves when the socket can take more (or closed), so a slow client cannot make us buffer a whole stream. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * SSE frames for the client, gathered per event loop turn: the events of one upstream chunk are parsed
 * one by one but go out as one `write` (one HTTP chunk) at the end of the turn, instead of a write, a
 * chunk header and a trailer each. `wait` is set while the socket is full. What goes out is masked with
 * the deployment's credentials: frames hold whole events (the SSE reader joins upstream chunks), and a
 * key never spans two events, so no tail needs keeping here.
 */
class FrameWriter {
  private pending = '';
  private scheduled = false;
  wait: Promise<void> | undefined;

  constructor(
    private readonly res: Response,
    private readonly mask: SecretMask,
  ) {}

  add(frames: string): void {
    this.pending += frames;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const text = this.take();
    if (text === '' || this.res.writableEnded || this.res.destroyed) return;
    if (!this.res.write(text)) this.wait ??= drained(this.res).then(() => (this.wait = undefined));
  }

  /** What is gathered and not yet written (the last write goes out with `res.end`). */
  take(): string {
    const text = this.pending;
    this.pending = '';
    return text === '' ? text : this.mask.maskText(text);
  }
}

/**
 * Route → call the provider → respond → account, for one OpenAI-format request. JSON responses and SSE
 * streams share the routing (retries and fallbacks happen before the first byte reaches the client) and
 * the accounting (one record per request, streams cut short included).
 */
export async function proxyCall(deps: DataPlaneDeps, req: Request, res: Response, spec: ProxyCallSpec): Promise<void> {
  const startTime = nowMs();
  let format = spec.format ?? openAiWireFormat({ clientWantsUsage: spec.clientWantsUsage, endMarker: spec.operation !== 'responses' });
  const controller = new CallAbortController();
  let clientAborted = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      clientAborted = true;
      controller.abort();
    }
  });
  const requestedModel = String(spec.body.model ?? '');
  const record: CallRecord = {
    requestId: req.requestId,
    route: spec.route,
    ...(req.principal ? { principal: req.principal } : {}),
    requestedModel,
    stream: spec.stream,
    costNanoUsd: 0,
    status: 200,
    startTime,
    endTime: startTime,
    attempts: 0,
    clientAborted: false,
    ...(typeof spec.body.user === 'string' ? { endUser: spec.body.user } : {}),
    ...(spec.body.metadata && typeof spec.body.metadata === 'object' ? { metadata: spec.body.metadata as Record<string, unknown> } : {}),
  };
  const model = req.principal?.aliases?.[requestedModel] ?? requestedModel;
  let upstreamMs = 0;
  const warnings: string[] = [];
  let outcome: RouteOutcome<unknown> | undefined;
  let streamedText = '';
  let usage: Usage | undefined;
  let formatOfResult: WeakMap<object, WireFormat> | undefined; // only with spec.attemptFor
  let admission: Admission | undefined;
  let deploymentSlot: DeploymentSlot | undefined;
  let settled = false;
  // Accounting runs before the last byte goes out, and the answer waits until it is durable (the promise
  // settle returns): a process killed right after answering has already journaled the spend of what it
  // answered. The `finally` below catches every other way out.
  const settle = (): Promise<void> | undefined => {
    if (settled) return undefined;
    settled = true;
    outcome?.finish(usage?.totalTokens);
    deploymentSlot?.release(usage?.totalTokens ?? 0);
    record.endTime = nowMs();
    record.clientAborted = clientAborted;
    if (usage) record.usage = usage;
    return account(deps, record, admission);
  };
  try {
    const group = deps.router.resolveGroup(model);
    if (group !== undefined && deps.admit) {
      admission = await deps.admit(req, { modelGroup: group, operation: spec.operation, body: spec.body, route: spec.route });
      if (admission) for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
    }
    const estimatedTokens = typeof spec.body.max_tokens === 'number' ? spec.body.max_tokens : 0;
    outcome = await deps.router.route(
      model,
      async (deployment) => {
        const adapter = deps.adapterFor(deployment.provider);
        if (!adapter.supports(spec.operation, spec.stream)) {
          throw new ProviderError('unsupported', 400, `${spec.route} is not supported for model "${requestedModel}" (provider ${deployment.provider})`, { code: 'unsupported_operation' });
        }
        const slot = deps.admitDeployment ? await deps.admitDeployment(deployment, { requestId: req.requestId, estimatedTokens }) : undefined;
        const started = process.hrtime.bigint();
        let answered = false;
        try {
          const ctx = { signal: controller.signal, requestId: req.requestId, onWarning: (warning: string) => warnings.push(warning) };
          const attempt = spec.attemptFor?.(deployment, adapter);
          let result;
          if (attempt) {
            result = await attempt.call(targetOf(deployment), ctx);
            (formatOfResult ??= new WeakMap()).set(result, attempt.format);
          } else {
            result = spec.stream
              ? await adapter.stream(spec.operation as StreamOperation, spec.body, targetOf(deployment), ctx)
              : await adapter.json(spec.operation, spec.body, targetOf(deployment), ctx);
          }
          answered = true;
          // The slot of the attempt that answered is held until the request ends (settle releases it).
          deploymentSlot = slot;
          return result;
        } finally {
          upstreamMs += msSince(started);
          if (!answered) slot?.release(0);
        }
      },
      { signal: controller.signal, estimatedTokens },
    );
    const { deployment } = outcome;
    format = formatOfResult?.get(outcome.result as object) ?? format;
    Object.assign(record, { modelGroup: outcome.modelGroup, deploymentId: deployment.id, provider: deployment.provider, upstreamModel: deployment.model, attempts: outcome.attempts });
    if (warnings.length > 0) deps.logger.warn({ requestId: req.requestId, deployment: deployment.id, warnings }, 'parameters dropped for the provider');
    if (warnings.length > 0) res.setHeader('x-switchboard-warnings', warnings.join('; ').replace(/[^\x20-\x7e]/g, '?').slice(0, 1000));
    res.setHeader('x-switchboard-deployment', deployment.id);
    res.setHeader('x-switchboard-model-group', outcome.modelGroup);
    res.setHeader('x-switchboard-attempts', String(outcome.attempts));
    res.setHeader('x-litellm-model-id', deployment.id);

    if (!spec.stream) {
      const result = outcome.result as JsonResult;
      usage = result.usage ?? estimatedUsage(spec, outputTextOf(result.body));
      const cost = deps.priceBook.cost(deployment, usage);
      record.costNanoUsd = cost.nanoUsd;
      const overheadMs = msSince(req.receivedAt) - upstreamMs;
      const costText = nanoToUsdString(cost.nanoUsd);
      res.setHeader('x-switchboard-response-cost', costText);
      res.setHeader('x-litellm-response-cost', costText);
      res.setHeader('x-switchboard-overhead-ms', overheadMs.toFixed(3));
      deps.metrics.overheadLatency.labels(outcome.modelGroup).observe(overheadMs / 1000);
      await settle();
      format.writeJson(res, result.body, usage, result.text, secretMaskOf(deployment));
      return;
    }

    const events = outcome.result as AsyncIterable<StreamEvent>;
    const overheadMs = msSince(req.receivedAt) - upstreamMs;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-switchboard-overhead-ms': overheadMs.toFixed(3),
    });
    deps.metrics.overheadLatency.labels(outcome.modelGroup).observe(overheadMs / 1000);
    const translator = format.stream();
    const out = new FrameWriter(res, secretMaskOf(deployment));
    try {
      for await (const event of events) {
        if (record.firstByteTime === undefined) record.firstByteTime = nowMs();
        if (event.usage) usage = event.usage;
        if (event.text) streamedText += event.text;
        const frames = translator.frames(event);
        if (frames === '') continue;
        out.add(frames);
        if (out.wait) await out.wait;
        if (clientAborted) break;
      }
      if (!clientAborted) {
        const final = translator.end(usage);
        if (!usage) usage = estimatedUsage(spec, streamedText);
        record.costNanoUsd = deps.priceBook.cost(deployment, usage).nanoUsd;
        await settle();
        res.end(out.take() + final);
      }
    } catch (err) {
      const error = toHttpError(err);
      record.status = clientAborted ? 499 : error.status;
      record.errorType = err instanceof ProviderError ? err.kind : 'stream_error';
      if (!usage || !usage.completionTokens) usage = estimatedUsage(spec, streamedText);
      record.costNanoUsd = deps.priceBook.cost(deployment, usage).nanoUsd;
      await settle();
      // Headers are out: the error becomes an event and a clean close; what was streamed is still billed.
      if (!clientAborted) res.end(out.take() + translator.error(error));
    }
    if (!usage || (clientAborted && !usage.completionTokens)) usage = estimatedUsage(spec, streamedText);
    if (!settled) record.costNanoUsd = deps.priceBook.cost(deployment, usage).nanoUsd;
  } catch (err) {
    const error = toHttpError(err);
    record.status = clientAborted ? 499 : error.status;
    record.errorType = err instanceof ProviderError ? err.kind : 'internal';
    await settle();
    if (!clientAborted) format.sendError(res, error);
    else if (!res.headersSent) res.destroy();
  } finally {
    settle();
  }
}

/** Metrics, limit settlement and the accounting hook; returns the hook's promise (resolved once durable). */
function account(deps: DataPlaneDeps, record: CallRecord, admission: Admission | undefined): Promise<void> | undefined {
  const { metrics } = deps;
  const model = record.modelGroup ?? 'unknown';
  const keyLabels = metrics.keyLabelValues(record.principal);
  const status = String(record.status);
  metrics.requests.labels(model, record.route, status, ...keyLabels).inc();
  if (record.status >= 400) metrics.failures.labels(model, record.route, status, record.errorType ?? 'error', ...keyLabels).inc();
  metrics.requestLatency.labels(model, record.route).observe((record.endTime - record.startTime) / 1000);
  if (record.firstByteTime !== undefined) metrics.timeToFirstToken.labels(model).observe((record.firstByteTime - record.startTime) / 1000);
  if (record.usage) {
    metrics.inputTokens.labels(model, ...keyLabels).inc(record.usage.promptTokens);
    metrics.outputTokens.labels(model, ...keyLabels).inc(record.usage.completionTokens);
    metrics.totalTokens.labels(model, ...keyLabels).inc(record.usage.totalTokens);
  }
  if (record.costNanoUsd > 0) metrics.spend.labels(model, ...keyLabels).inc(record.costNanoUsd / 1e9);
  if (admission) {
    // Frees the parallel slot and settles the reservation; a failure here only delays the lease's expiry.
    Promise.resolve(admission.settle(record)).catch((err: unknown) => deps.logger.warn({ err, requestId: record.requestId }, 'settling limits failed'));
  }
  try {
    const durable = deps.onSettled?.(record);
    return durable instanceof Promise ? durable.catch((err: unknown) => deps.logger.error({ err, requestId: record.requestId }, 'accounting hook failed')) : undefined;
  } catch (err) {
    deps.logger.error({ err, requestId: record.requestId }, 'accounting hook failed');
    return undefined;
  }
}
