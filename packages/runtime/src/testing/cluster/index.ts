export * from './free-port.js';
export * from './http-client.js';
export * from './instance-process.js';
export * from './private-postgres.js';
export * from './private-redis.js';
export * from './server-stack.js';
export * from './slow-embedding-server.js';
