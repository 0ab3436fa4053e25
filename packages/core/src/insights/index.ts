export * from './analytics.js';
export * from './analytics-report.js';
export * from './feedback.js';
export * from './use-cases/get-analytics.use-case.js';
export * from './use-cases/give-feedback.use-case.js';
