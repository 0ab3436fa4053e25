export * from './in-memory-resources.js';
export * from './test-database.js';
export * from './test-persistence.js';
export * from './cluster/index.js';
