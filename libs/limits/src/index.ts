export type { AcquireRequest, LimitDecision, BudgetScope, Lease, LimitHeaders, Limiter, RateScope, SharedCounts } from './types.ts';
export { InProcessLimiter } from './in-process-limiter.ts';
export { RedisLimiter } from './redis-limiter.ts';
export { ResilientLimiter, type FallbackEvents } from './resilient-limiter.ts';
export { createLimitsRedis, REDIS_COMMAND_BACKSTOP_MS, redisUrlFromEnv, waitForRedis } from './create-limits-redis.ts';
export { rateHeaders, secondsToWindowEnd, windowOf, WINDOW_MS } from './rate-headers.ts';
export { LeasedLimiter, type LeaseOptions } from './leased-limiter.ts';
