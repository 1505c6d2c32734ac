import type { BatchSettings } from '../settings/telemetry-settings.ts';
import type { LoggedCall } from './logged-call.ts';
import { asDeliveryError, type SinkDeliveryError } from './sink-delivery-error.ts';
import type { SinkMetrics } from './sink-metrics.ts';

/** Delivers one batch to a sink; throws (a SinkDeliveryError, ideally) when the sink did not take it. */
export interface SinkTransport {
  send(batch: readonly LoggedCall[]): Promise<void>;
  close?(): void;
}

export interface RetrySettings {
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface DispatcherOptions {
  sink: string;
  transport: SinkTransport;
  batch: BatchSettings;
  metrics: SinkMetrics;
  retry?: RetrySettings;
  /** Told of each failed attempt (for a warning log line); never of the batch's content. */
  onDeliveryError?: (error: SinkDeliveryError, attempt: { sink: string; calls: number; willRetry: boolean }) => void;
}

const DEFAULT_RETRY: RetrySettings = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

/**
 * One sink's queue, off the request path: `enqueue` only pushes (never throws, never waits); batches go
 * out when full or on the interval. A batch the sink fails to take stays at the head of the queue and is
 * retried with exponential backoff, so nothing is lost until the bounded queue is full; from then on new
 * calls are dropped and counted. A batch the sink refuses for good (4xx) is dropped and counted.
 */
export class BatchDispatcher {
  private readonly queue: LoggedCall[] = [];
  private readonly retry: RetrySettings;
  private readonly interval: NodeJS.Timeout;
  private sending: Promise<void> | undefined;
  private soon: NodeJS.Immediate | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private consecutiveFailures = 0;
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.interval = setInterval(() => void this.pump(1, false), options.batch.flushIntervalMs);
    this.interval.unref();
  }

  get size(): number {
    return this.queue.length;
  }

  enqueue(call: LoggedCall): void {
    const { sink, metrics, batch } = this.options;
    if (this.closed) return metrics.dropped(sink, 1, 'shutdown');
    if (this.queue.length >= batch.maxQueueSize) return metrics.dropped(sink, 1, 'queue_full');
    this.queue.push(call);
    metrics.queued(sink, 1);
    if (this.queue.length >= batch.batchSize && !this.soon && !this.sending) {
      this.soon = setImmediate(() => {
        this.soon = undefined;
        void this.pump(batch.batchSize, false);
      });
    }
  }

  /** Sends everything queued now, skipping any backoff wait; stops at the first failure. Never rejects. */
  async flush(): Promise<void> {
    await this.sending;
    await this.pump(1, true);
  }

  /** Stops the timers, flushes for at most `timeoutMs`, and counts what is left as dropped. */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.interval);
    if (this.soon) clearImmediate(this.soon);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (this.queue.length > 0) {
      this.options.metrics.dropped(this.options.sink, this.queue.length, 'shutdown');
      this.queue.length = 0;
    }
    this.options.transport.close?.();
  }

  /** Sends batches while at least `minimum` calls are queued; one sender at a time. */
  private pump(minimum: number, ignoreBackoff: boolean): Promise<void> {
    if (this.sending) return this.sending;
    if (!ignoreBackoff && Date.now() < this.retryAt) return Promise.resolve();
    this.sending = this.sendWhile(minimum).finally(() => (this.sending = undefined));
    return this.sending;
  }

  private async sendWhile(minimum: number): Promise<void> {
    const { sink, transport, metrics, batch } = this.options;
    while (this.queue.length >= minimum && this.queue.length > 0) {
      const calls = this.queue.slice(0, batch.batchSize);
      try {
        await transport.send(calls);
      } catch (thrown) {
        const error = asDeliveryError(thrown);
        metrics.failed(sink);
        this.options.onDeliveryError?.(error, { sink, calls: calls.length, willRetry: error.retryable });
        if (error.retryable) return this.backOff();
        this.queue.splice(0, calls.length);
        metrics.dropped(sink, calls.length, 'rejected');
        continue;
      }
      this.queue.splice(0, calls.length);
      metrics.sent(sink, calls.length);
      this.consecutiveFailures = 0;
      this.retryAt = 0;
    }
  }

  private backOff(): void {
    this.consecutiveFailures += 1;
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (this.consecutiveFailures - 1));
    // Jitter, so replicas that lost the same sink do not retry in step.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryAt = Date.now() + delay;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.closed) return;
    this.retryTimer = setTimeout(() => void this.pump(1, true), delay);
    this.retryTimer.unref();
  }
}
