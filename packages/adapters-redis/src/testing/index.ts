export { PrivateRedis } from './private-redis.js';
