export { resolveDatabaseUrls, type DatabaseUrls, type DatabaseUrlDeps } from './resolve-database-urls.ts';
export { applyDatabaseUrls } from './apply-database-urls.ts';
export { databasePoolConfigs, type DatabasePoolConfigs, type DatabasePoolDeps } from './pool-config.ts';
export { DatabaseConfigError } from './database-config-error.ts';
export { mintRdsIamToken, type MintIamToken, type IamTokenRequest } from './mint-iam-token.ts';
export { SSL_MODES, type SslMode } from './env-values.ts';
export type { DatabaseEnv } from './database-variables.ts';
