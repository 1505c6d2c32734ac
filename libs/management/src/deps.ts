import type { Deployment, GatewayConfig, StoredCredential } from '@switchboard/config';
import type { CredentialCipher, Database } from '@switchboard/db';
import type { Logger } from 'pino';
import type { DestinationAllowList } from '@switchboard/telemetry';
import type { TrustedProxies } from './auth/client-source.ts';
import type { LoginAttemptStore } from './auth/login-attempt-store.ts';
import type { LoginLimits } from './auth/login-throttle.ts';
import type { ChangeAlerts } from './changes/change-alerts.ts';
import type { InvalidationPublisher } from './changes/invalidation-publisher.ts';
import type { SsoSettings } from './sso/sso-settings.ts';

export interface ManagementDeps {
  /** The writer. */
  db: Database;
  /** The read replica for analytics, when there is one. */
  reader?: Database;
  cipher: CredentialCipher;
  /** SWITCHBOARD_MASTER_KEY / LITELLM_MASTER_KEY / general_settings.master_key. */
  masterKey?: string;
  /** The config file's deployments, listed (without secrets) by `/model/info`. */
  configDeployments: readonly Deployment[];
  /** The config file's `credential_list`: listed (masked) by `/credentials`, changed only in the file. */
  configCredentials?: readonly StoredCredential[];
  /** The config file's sections, which `/config/update`'s stored settings are laid over (none: an empty file). */
  configSections?: GatewayConfig['sections'];
  /** STORE_MODEL_IN_DB: whether `/model/new` may write deployments to the database. */
  storeModelInDb: boolean;
  /** Publishes `{entityType, entityId, action}` after commit; a no-op without Redis. */
  publisher: InvalidationPublisher;
  /** Extra origins allowed to make cookie-authenticated changes (SWITCHBOARD_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Dashboard session lifetime. */
  sessionTtlMs?: number;
  /** UI_USERNAME: the username that logs in with the master key as password (default "admin"). */
  uiUsername?: string;
  /**
   * `general_settings.disable_master_key_ui_login` (ours; LiteLLM has none): the dashboard refuses the master
   * key as a login, so sign-in goes through SSO or passwords. The master key still works as an API key.
   */
  masterKeyUiLoginDisabled?: boolean;
  /** Where failed logins are counted (Redis when configured); in this process when absent. Closed by the owner. */
  loginAttempts?: LoginAttemptStore;
  /** Login throttle windows; DEFAULT_LOGIN_LIMITS when absent. */
  loginLimits?: LoginLimits;
  /** SWITCHBOARD_TRUSTED_PROXIES: peers whose X-Forwarded-For names the client; nobody when absent. */
  trustedProxies?: TrustedProxies;
  /** The password check (scrypt); replaceable so tests can count how many hashes login attempts cost. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>;
  /** The dashboard's OIDC login (GENERIC_CLIENT_ID, GENERIC_ISSUER, ...); `/sso/*` says it is not configured when absent. */
  sso?: SsoSettings;
  /**
   * `general_settings.logging_destination_allowlist`: where a non-admin's key or team logging callbacks may
   * send calls (the gateway applies the same list). Absent: nowhere, only admins set logging callbacks.
   */
  loggingDestinations?: DestinationAllowList;
  /** Slack alerts for management events (keys, teams, users, models), raised from every audited change. */
  changeAlerts?: ChangeAlerts;
  /** The environment `os.environ/NAME` settings are read from (`/config/update`'s alerting webhooks); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}
