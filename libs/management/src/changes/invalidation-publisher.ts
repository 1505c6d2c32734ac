import { Redis } from 'ioredis';
import type { OutboxEvent } from '@switchboard/db';
import type { Logger } from 'pino';

export const INVALIDATION_CHANNEL = 'switchboard:invalidate';

export interface InvalidationPublisher {
  /** Never rejects: the outbox is the source of truth, pub/sub only makes gateways hear sooner. */
  publish(events: readonly OutboxEvent[]): Promise<void>;
  close(): Promise<void>;
}

export const noInvalidationPublisher: InvalidationPublisher = { publish: async () => undefined, close: async () => undefined };

/** Publishes through `send` (a Redis client's `publish`); failures are logged, never thrown. */
export function createInvalidationPublisher(send: (channel: string, message: string) => Promise<unknown>, logger: Pick<Logger, 'warn'>, close: () => Promise<void> = async () => undefined): InvalidationPublisher {
  return {
    async publish(events) {
      for (const { entityType, entityId, action } of events) {
        try {
          await send(INVALIDATION_CHANNEL, JSON.stringify({ entityType, entityId, action }));
        } catch (err) {
          logger.warn({ entityType, action, error: err instanceof Error ? err.message : String(err) }, 'invalidation publish failed; gateways will see the outbox event on their next poll');
        }
      }
    },
    close,
  };
}

/** From REDIS_URL or REDIS_HOST/REDIS_PORT/REDIS_PASSWORD; without either, a no-op. Settings per TOOLCHAIN "Traps". */
export function redisInvalidationPublisher(env: Readonly<Record<string, string | undefined>>, logger: Logger): InvalidationPublisher {
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 50, lazyConnect: false } as const;
  let redis: Redis;
  if (env.REDIS_URL) redis = new Redis(env.REDIS_URL, options);
  else if (env.REDIS_HOST) redis = new Redis({ ...options, host: env.REDIS_HOST, port: Number(env.REDIS_PORT ?? 6379), ...(env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {}) });
  else return noInvalidationPublisher;
  redis.on('error', (err: Error) => logger.warn({ error: err.message }, 'redis (invalidation publisher) error'));
  return createInvalidationPublisher(
    (channel, message) => redis.publish(channel, message),
    logger,
    async () => {
      redis.disconnect();
    },
  );
}
