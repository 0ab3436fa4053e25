export * from './check-readiness/check-readiness.use-case.js';
export * from './authenticate-access-token/authenticate-access-token.use-case.js';
