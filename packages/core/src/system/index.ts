export * from './use-cases/check-readiness/check-readiness.use-case.js';
