export { checkWildcard } from './check-wildcard.ts';
export { ConfigError } from './config-error.ts';
export { buildGatewayConfig, splitModel } from './build-gateway-config.ts';
export { configPathFrom, loadGatewayConfig } from './load-config.ts';
export { resolveEnvReferences } from './resolve-env-references.ts';
export type { Deployment, GatewayConfig, GatewaySettings, ModelPrices, RouterSettings, RoutingStrategy } from './gateway-config.ts';
export type { PassThroughEndpoint } from './pass-through-endpoints.ts';
export { regionOf } from './gateway-config.ts';
export { parseCacheSettings, publicCacheParams, SECRET_CACHE_PARAMS, type CacheCallType, type CacheSettings } from './cache-settings.ts';
