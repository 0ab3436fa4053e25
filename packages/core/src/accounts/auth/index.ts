export * from './auth-settings.js';
export * from './mail-dispatcher.js';
export * from './one-time-codes.js';
export * from './password-policy.js';
export * from './session-tokens.js';
export * from './throttle.js';
export * from './backoff.js';
