export * from './crypto-id-generator.js';
export * from './crypto-secure-random.js';
export * from './hmac-secret-hasher.js';
export * from './memory-rate-limiter.js';
export * from './system-clock.js';
export * from './argon2-password-hasher.js';
export * from './paseto-token-issuer.js';
export * from './node-content-hasher.js';
