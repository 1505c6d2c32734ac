export { mountManagementApi } from './mount-management-api.ts';
export type { ManagementDeps } from './deps.ts';
export { managementDepsFromEnv } from './management-deps-from-env.ts';
export { createInvalidationPublisher, redisInvalidationPublisher, noInvalidationPublisher, INVALIDATION_CHANNEL, type InvalidationPublisher } from './changes/invalidation-publisher.ts';
export { permissionTable, scopeOf, ACTIONS, type Action, type Scope } from '@switchboard/permissions';
export { zodToJsonSchema } from './openapi/zod-to-json-schema.ts';
export { hashPassword, verifyPassword } from './auth/password-hash.ts';
export { authenticateCaller } from './auth/authenticate-caller.ts';
export { ssoSettingsFromEnv, SsoConfigurationError, type SsoSettings } from './sso/sso-settings.ts';
