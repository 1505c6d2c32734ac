import { latestOutboxId, readOutboxAfter, type Database, type OutboxRecord } from '@switchboard/db';
import type { Redis } from 'ioredis';

export const INVALIDATION_CHANNEL = 'switchboard:invalidate';

export interface Invalidation {
  entityType: string;
  entityId: string;
  action: string;
}

export interface OutboxFollowerOptions {
  db: Database;
  onEvent: (event: Invalidation) => void;
  /** Everything may have changed (a Redis reconnect drops pub/sub messages): flush every cache. */
  onResync: () => void;
  intervalMs?: number;
  /** A separate connection used only for SUBSCRIBE; pub/sub then makes invalidation faster, the outbox keeps it correct. */
  subscriber?: Redis;
  onError?: (error: unknown) => void;
  /** A failed SUBSCRIBE, tried again after `delayMs` (for the log: invalidation is slower until it works). */
  onSubscribeRetry?: (error: unknown, delayMs: number, attempt: number) => void;
  /** Backoff between SUBSCRIBE attempts: doubles from `initialMs` up to `maxMs`. */
  subscribeRetry?: { initialMs: number; maxMs: number };
}

const DEFAULT_SUBSCRIBE_RETRY = { initialMs: 500, maxMs: 30_000 };

/**
 * Follows the outbox table (written in the same transaction as every change) by polling, and Redis
 * pub/sub when configured. Polling alone is enough to be correct; pub/sub only shortens the delay.
 */
export class OutboxFollower {
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;
  private subscribeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutboxFollowerOptions) {}

  async start(): Promise<void> {
    this.lastId = await latestOutboxId(this.options.db);
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 250);
    this.timer.unref();
    const subscriber = this.options.subscriber;
    if (subscriber) {
      subscriber.on('message', (_channel: string, message: string) => {
        try {
          this.options.onEvent(JSON.parse(message) as Invalidation);
        } catch (error) {
          this.options.onError?.(error);
        }
      });
      // While disconnected, published messages are lost: after every (re)connect, start from a clean cache.
      subscriber.on('ready', () => this.options.onResync());
      await this.subscribe(subscriber, 1);
    }
  }

  /**
   * ioredis resubscribes by itself after a reconnect, but only to channels it once subscribed to: a
   * SUBSCRIBE refused at start (Redis down, no offline queue) is ours to try again, with capped backoff.
   */
  private async subscribe(subscriber: Redis, attempt: number): Promise<void> {
    try {
      await subscriber.subscribe(INVALIDATION_CHANNEL);
    } catch (error) {
      if (this.stopped) return;
      const { initialMs, maxMs } = this.options.subscribeRetry ?? DEFAULT_SUBSCRIBE_RETRY;
      const delayMs = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
      this.options.onSubscribeRetry?.(error, delayMs, attempt);
      this.subscribeTimer = setTimeout(() => void this.subscribe(subscriber, attempt + 1), delayMs);
      this.subscribeTimer.unref();
    }
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        const events: OutboxRecord[] = await readOutboxAfter(this.options.db, this.lastId, 500);
        for (const event of events) {
          this.options.onEvent({ entityType: event.entityType, entityId: event.entityId, action: event.action });
          this.lastId = Number(event.id);
        }
        if (events.length < 500) break;
      }
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.subscribeTimer) clearTimeout(this.subscribeTimer);
    this.options.subscriber?.disconnect();
  }
}
