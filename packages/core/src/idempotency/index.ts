export * from './run-idempotent.js';
