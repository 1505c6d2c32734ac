import type { Logger } from 'pino';
import type { GatewayConfig } from '@switchboard/config';
import type { GatewayMetrics } from '@switchboard/data-plane';
import { redactSecrets } from '@switchboard/guardrails';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { createLimitsRedis, redisUrlFromEnv } from '@switchboard/limits';
import { createLiveAlerter } from '@switchboard/telemetry';
import { gatewayAlerts, type GatewayAlerts } from './gateway-alerts.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The gateway's alerts, and the hook that applies `/config/update`'s stored alerting settings. */
export type GatewayAlerting = GatewayAlerts & {
  applyStored(stored: Record<string, unknown> | undefined): void;
  /** After the server closed: sends what is queued (at most 5 s), then closes the Redis connection. */
  close(): Promise<void>;
};

/**
 * The gateway's Slack alerting (createLiveAlerter: the file's settings, `/config/update`'s over them), with alerts
 * claimed in Redis when there is one and the gateway's alert builders (gateway-alerts.ts) on top.
 */
export function createAlerting(config: GatewayConfig, env: Env, logger: Logger, metrics: GatewayMetrics): GatewayAlerting {
  // With Redis, replicas (and workers) claim each alert there, so a budget crossed is one alert, not one per replica.
  const redisUrl = redisUrlFromEnv(env) ?? config.router.redisUrl;
  // Connected only while alerting is on (at start, or once /config/update turns it on): no idle connection otherwise.
  let redis: Redis | undefined;
  const connectRedis = () => {
    if (redisUrl && !redis) redis = createLimitsRedis(redisUrl, { commandTimeoutMs: 1_000 });
  };
  const claimOnce = redisUrl
    ? async (key: string, ttlMs: number) => {
        if (!redis) return true;
        // Just connected (alerting turned on a moment ago): wait a little for it rather than fail the claim.
        if (redis.status !== 'ready') await once(redis, 'ready', { signal: AbortSignal.timeout(1_000) });
        return (await redis.set(`switchboard:alert:${createHash('sha256').update(key).digest('hex')}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
      }
    : undefined;
  const live = createLiveAlerter(config.sections.generalSettings, env, { source: 'gateway', logger, redact: redactSecrets, count: (type, outcome, n) => metrics.alerts.labels(type, outcome).inc(n), ...(claimOnce ? { claimOnce } : {}) });
  const { alerter } = live;
  if (alerter.settings) {
    connectRedis();
    logger.info({ alertTypes: [...alerter.settings.types] }, 'slack alerting on');
  }
  return {
    ...gatewayAlerts(alerter),
    applyStored(stored) {
      if (live.applyStored(stored)) connectRedis();
    },
    async close() {
      await alerter.shutdown();
      const client = redis;
      await client?.quit().catch(() => client.disconnect());
    },
  };
}
