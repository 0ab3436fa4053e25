export * from './in-memory-resources.js';
export * from './test-database.js';
