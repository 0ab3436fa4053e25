export { type RedisConnection, openRedisConnection } from './redis-connection.js';
export {
  RedisRateLimiter,
  type RedisRateLimiterOptions,
  type RateLimitStoreState,
} from './redis-rate-limiter.js';
