export * from './in-memory-resources.js';
export * from './test-database.js';
export * from './test-persistence.js';
