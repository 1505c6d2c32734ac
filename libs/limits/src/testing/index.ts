export { redisAvailable, TEST_REDIS_URL } from './require-redis.ts';
export { stall } from './stall.ts';
export { busyRedis } from './busy-redis.ts';
