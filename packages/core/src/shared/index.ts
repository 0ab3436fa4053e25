export * from './branding.js';
export * from './common.js';
export * from './domain-error.js';
export * from './mail.js';
export * from './run-idempotent.js';
export * from './validation.js';
export * from './stored-text.js';
export * from './sentences.js';
