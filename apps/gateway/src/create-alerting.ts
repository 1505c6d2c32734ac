import type { Logger } from 'pino';
import type { GatewayConfig } from '@switchboard/config';
import type { GatewayMetrics } from '@switchboard/data-plane';
import { redactSecrets } from '@switchboard/guardrails';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { createLimitsRedis, redisUrlFromEnv } from '@switchboard/limits';
import { Alerter, alertSettingsWithOverrides, TelemetryConfigError } from '@switchboard/telemetry';
import { gatewayAlerts, type GatewayAlerts } from './gateway-alerts.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The gateway's alerts, and the hook that applies `/config/update`'s stored alerting settings. */
export type GatewayAlerting = GatewayAlerts & {
  applyStored(stored: Record<string, unknown> | undefined): void;
  /** After the server closed: sends what is queued (at most 5 s), then closes the Redis connection. */
  close(): Promise<void>;
};

/**
 * Slack alerting from the config file's `general_settings` and `SLACK_WEBHOOK_URL`. A setting that cannot work
 * stops the start (TelemetryConfigError names it); `applyStored` lays `/config/update`'s over the file's later.
 */
export function createAlerting(config: GatewayConfig, env: Env, logger: Logger, metrics: GatewayMetrics): GatewayAlerting {
  const parsed = alertSettingsWithOverrides(config.sections.generalSettings, undefined, env);
  if (parsed.problems.length > 0) throw new TelemetryConfigError(parsed.problems);
  for (const warning of parsed.warnings) logger.warn(`alerting: ${warning}`);
  // With Redis, replicas (and workers) claim each alert there, so a budget crossed is one alert, not one per replica.
  const redisUrl = redisUrlFromEnv(env) ?? config.router.redisUrl;
  // Connected only while alerting is on (at start, or once /config/update turns it on): no idle connection otherwise.
  let redis: Redis | undefined;
  const connectRedis = () => {
    if (redisUrl && !redis) redis = createLimitsRedis(redisUrl, { commandTimeoutMs: 1_000 });
  };
  if (parsed.settings) connectRedis();
  const claimOnce = redisUrl
    ? async (key: string, ttlMs: number) => {
        if (!redis) return true;
        // Just connected (alerting turned on a moment ago): wait a little for it rather than fail the claim.
        if (redis.status !== 'ready') await once(redis, 'ready', { signal: AbortSignal.timeout(1_000) });
        return (await redis.set(`switchboard:alert:${createHash('sha256').update(key).digest('hex')}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
      }
    : undefined;
  const alerter = new Alerter(parsed.settings, { source: 'gateway', logger, redact: redactSecrets, count: (type, outcome, n) => metrics.alerts.labels(type, outcome).inc(n), ...(claimOnce ? { claimOnce } : {}) });
  if (parsed.settings) logger.info({ alertTypes: [...parsed.settings.types] }, 'slack alerting on');
  return {
    ...gatewayAlerts(alerter),
    applyStored(stored) {
      const next = alertSettingsWithOverrides(config.sections.generalSettings, stored, env);
      // The backend checked them before storing: problems here mean another environment (a webhook variable unset on this replica).
      if (next.problems.length > 0) {
        logger.error({ problems: next.problems }, 'the stored alerting settings cannot work here; alerting keeps the settings before');
        return;
      }
      if (next.settings) connectRedis();
      alerter.update(next.settings);
    },
    async close() {
      await alerter.shutdown();
      const client = redis;
      await client?.quit().catch(() => client.disconnect());
    },
  };
}
