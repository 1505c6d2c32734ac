import type { Redis } from 'ioredis';

/** The channel on which one replica tells the others to drop keys from their in-process stores. */
export const CACHE_INVALIDATION_CHANNEL = 'switchboard:cache:invalidate';

export type CacheInvalidation = { kind: 'delete'; keys: string[] } | { kind: 'flush' };

/**
 * `/cache/delete` and `/cache/flushall` reach every replica: each publishes what it removed, each applies what
 * the others published (its own message comes back too, which is harmless: the keys are already gone).
 */
export class CacheInvalidationBus {
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    apply: (message: CacheInvalidation) => void,
    onError: (error: unknown) => void,
  ) {
    const subscribe = () => void this.subscriber.subscribe(CACHE_INVALIDATION_CHANNEL).catch(onError);
    if (this.subscriber.status === 'ready') subscribe();
    // On every (re)connect: the subscription is made once the connection is up, as the client queues nothing.
    this.subscriber.on('ready', subscribe);
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== CACHE_INVALIDATION_CHANNEL) return;
      try {
        const message = JSON.parse(text) as CacheInvalidation;
        if (message.kind === 'flush' || (message.kind === 'delete' && Array.isArray(message.keys))) apply(message);
      } catch (error) {
        onError(error);
      }
    });
  }

  publish(message: CacheInvalidation): Promise<number> {
    return this.publisher.publish(CACHE_INVALIDATION_CHANNEL, JSON.stringify(message));
  }

  close(): void {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
