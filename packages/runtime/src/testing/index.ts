export * from './in-memory-resources.js';
