export * from './check-readiness/check-readiness.use-case.js';
