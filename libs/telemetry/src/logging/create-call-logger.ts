import type { Registry } from 'prom-client';
import type { SinkSettings, TelemetrySettings } from '../settings/telemetry-settings.ts';
import type { RedactText } from '../tracing/to-gen-ai-messages.ts';
import { BatchDispatcher, type RetrySettings, type SinkTransport } from './batch-dispatcher.ts';
import { createTransport } from './create-transport.ts';
import { isFailure, type LoggedCall } from './logged-call.ts';
import { prepareLoggedCall } from './prepare-logged-call.ts';
import { createPromSinkMetrics } from './prom-sink-metrics.ts';
import { CountingSinkMetrics, type SinkMetrics } from './sink-metrics.ts';

/** pino's `warn` signature, so the gateway's logger fits as is. */
export interface WarnLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface CallLoggerOptions {
  /** The gateway's registry: the sink counters are added to it. Without it (and without `metrics`) counts stay in memory. */
  registry?: Registry;
  metrics?: SinkMetrics;
  logger?: WarnLogger;
  /** The logs' redaction, applied to prompts and answers before they leave. */
  redactText?: RedactText;
  /** One delivery's time limit (default 10 s). */
  requestTimeoutMs?: number;
  retry?: RetrySettings;
  /**
   * Queues kept for destinations set in key or team metadata (default 200). Past it, the least recently used
   * one is flushed and closed; it starts again when a call needs it. The config's own sinks are not counted.
   */
  maxDestinations?: number;
  /** Replaces the HTTP/S3 transports (tests). */
  createTransport?: (sink: SinkSettings) => SinkTransport;
}

export interface CallLogger {
  /**
   * Queues a settled call for its sinks (default: the config's global sinks; pass `resolveCallSinks`'s
   * answer for per-team and per-key ones). Returns at once; never throws.
   */
  log(call: LoggedCall, sinks?: readonly SinkSettings[]): void;
  /** Sends what is queued now (tests, admin endpoints). */
  flush(): Promise<void>;
  /** Flushes for at most `timeoutMs`, then counts what is left as dropped. Call on SIGTERM after the server closed. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** A sink's identity: the same destination and credentials share one queue, wherever its settings came from. */
const identities = new WeakMap<SinkSettings, string>();
function identityOf(sink: SinkSettings): string {
  let identity = identities.get(sink);
  if (identity === undefined) {
    identity = JSON.stringify(sink);
    identities.set(sink, identity);
  }
  return identity;
}

/** The logging callbacks: one batching dispatcher per sink destination (bounded, least recently used out), fed from settled calls. */
export function createCallLogger(settings: TelemetrySettings, options: CallLoggerOptions = {}): CallLogger {
  const metrics = options.metrics ?? (options.registry ? createPromSinkMetrics(options.registry) : new CountingSinkMetrics());
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxDestinations = options.maxDestinations ?? 200;
  const logger = options.logger;
  const makeTransport =
    options.createTransport ??
    ((sink: SinkSettings) => createTransport(sink, { timeoutMs, onRejectedEvents: (count, firstMessage) => logger?.warn({ sink: sink.name, count, firstMessage }, 'logging sink rejected events') }));
  // Insertion order is recency: a hit moves the queue to the end, so the first one is the least recently used.
  const dispatchers = new Map<string, BatchDispatcher>();
  const pinned = new Set([...settings.sinks, ...settings.defaultTeamSettings.flatMap((team) => team.sinks)].map(identityOf));
  const evicting = new Set<Promise<void>>();
  let metadataQueues = 0;
  let closed = false;

  function evictLeastRecentlyUsed(): void {
    for (const [identity, dispatcher] of dispatchers) {
      if (pinned.has(identity)) continue;
      dispatchers.delete(identity);
      metadataQueues--;
      // What it holds is still sent; flush() and shutdown() wait for it.
      const done = dispatcher.shutdown(timeoutMs).finally(() => evicting.delete(done));
      evicting.add(done);
      return;
    }
  }

  function dispatcherFor(sink: SinkSettings): BatchDispatcher | undefined {
    const identity = identityOf(sink);
    let dispatcher = dispatchers.get(identity);
    if (dispatcher) {
      if (!pinned.has(identity)) {
        dispatchers.delete(identity);
        dispatchers.set(identity, dispatcher);
      }
      return dispatcher;
    }
    if (closed) return undefined;
    if (!pinned.has(identity)) {
      if (metadataQueues >= maxDestinations) evictLeastRecentlyUsed();
      metadataQueues++;
    }
    dispatcher = new BatchDispatcher({
      sink: sink.name,
      transport: makeTransport(sink),
      batch: sink.batch,
      metrics,
      ...(options.retry ? { retry: options.retry } : {}),
      onDeliveryError: (error, attempt) => logger?.warn({ ...attempt, status: error.status, error: error.message }, 'logging sink delivery failed'),
    });
    dispatchers.set(identity, dispatcher);
    return dispatcher;
  }

  return {
    log(call, sinks = settings.sinks) {
      try {
        const failed = isFailure(call);
        const used: BatchDispatcher[] = [];
        for (const sink of sinks) {
          if (!(failed ? sink.events.failure : sink.events.success)) continue;
          const dispatcher = dispatcherFor(sink);
          if (!dispatcher) {
            metrics.dropped(sink.name, 1, 'shutdown');
            continue;
          }
          // A team that names the global destination again still gets each call there once.
          if (used.includes(dispatcher)) continue;
          used.push(dispatcher);
          dispatcher.enqueue(prepareLoggedCall(call, { messageLogging: settings.messageLogging && sink.turnOffMessageLogging !== true, redactUserApiKeyInfo: settings.redactUserApiKeyInfo, ...(options.redactText ? { redactText: options.redactText } : {}) }));
        }
      } catch (error) {
        // Logging must never fail a request.
        logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'logging callbacks could not queue a call');
      }
    },
    async flush() {
      await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.flush()).concat([...evicting]));
    },
    async shutdown(timeoutMs = 5_000) {
      closed = true;
      await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.shutdown(timeoutMs)).concat([...evicting]));
    },
  };
}
