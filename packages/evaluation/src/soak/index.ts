export * from './reconcile.js';
export * from './rss-trend.js';
export * from './run-soak.js';
export * from './soak-report.js';
export * from './soak-state.js';
