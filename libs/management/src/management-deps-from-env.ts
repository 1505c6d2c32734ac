import { loadGatewayConfig, storedCredentialOf, type GatewayConfig } from '@switchboard/config';
import type { OpenedDatabase } from '@switchboard/db';
import type { Logger } from 'pino';
import { destinationAllowListOf } from '@switchboard/telemetry';
import { parseTrustedProxies } from './auth/client-source.ts';
import { loginAttemptsFromEnv } from './auth/login-attempts-from-env.ts';
import { createChangeAlerts } from './changes/change-alerts.ts';
import { redisInvalidationPublisher } from './changes/invalidation-publisher.ts';
import type { ManagementDeps } from './deps.ts';
import { ssoSettingsFromEnv } from './sso/sso-settings.ts';

/**
 * The backend's wiring: master key and config-file models via libs/config (read here unless the caller
 * already read it), Redis pub/sub and shared login throttling when configured.
 */
export function managementDepsFromEnv(
  database: Pick<OpenedDatabase, 'db' | 'reader' | 'cipher'>,
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
  logger: Logger,
  config: GatewayConfig = loadGatewayConfig(argv, env),
): ManagementDeps {
  const flag = env.STORE_MODEL_IN_DB?.toLowerCase();
  // Before any Redis connection opens: a file alerting setting that cannot work stops the start, as it stops the gateway's.
  const changeAlerts = createChangeAlerts({ db: database.db, sections: config.sections, env, logger });
  return {
    db: database.db,
    reader: database.reader,
    cipher: database.cipher,
    masterKey: config.settings.masterKey,
    configDeployments: config.deployments,
    configCredentials: (config.deploymentSource?.credentials ?? []).map(storedCredentialOf),
    configSections: config.sections,
    storeModelInDb: flag === undefined || flag === '' ? config.settings.storeModelInDb : flag === 'true' || flag === '1',
    publisher: redisInvalidationPublisher(env, logger),
    allowedOrigins: (env.SWITCHBOARD_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    uiUsername: env.UI_USERNAME || undefined,
    masterKeyUiLoginDisabled: config.sections.generalSettings.disable_master_key_ui_login === true || env.SWITCHBOARD_DISABLE_MASTER_KEY_UI_LOGIN === 'true',
    // Parsed before the Redis connection opens, so a bad value fails the start without a client left behind.
    trustedProxies: parseTrustedProxies(env.SWITCHBOARD_TRUSTED_PROXIES),
    // Read before the Redis connection opens too: a half-configured SSO fails the start.
    sso: ssoSettingsFromEnv(env),
    // A malformed entry stops the start, naming it (as it stops the gateway's).
    loggingDestinations: destinationAllowListOf(config.sections.generalSettings.logging_destination_allowlist),
    loginAttempts: loginAttemptsFromEnv(env, logger),
    changeAlerts,
    env,
    logger,
  };
}
