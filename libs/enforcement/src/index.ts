export type { BudgetLine, KeyContext } from './key-context.ts';
export { loadKeyContext } from './load-key-context.ts';
export { KeyCache, KeyLookupUnavailableError, type KeyCacheOptions } from './key-cache.ts';
export { LruCache } from './lru-cache.ts';
export { authorizeCall, checkKeyUsable } from './authorize.ts';
export { createKeyVerifier } from './create-key-verifier.ts';
export { createAdmit, type AdmitOptions } from './create-admit.ts';
export { OutboxFollower, INVALIDATION_CHANNEL, type Invalidation, type OutboxFollowerOptions } from './outbox-follower.ts';
export { loadDbDeployments } from './load-db-deployments.ts';
