import type { Deployment } from '@switchboard/config';
import type { CredentialCipher, Database } from '@switchboard/db';
import type { Logger } from 'pino';
import type { InvalidationPublisher } from './changes/invalidation-publisher.ts';

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
  logger: Logger;
}
