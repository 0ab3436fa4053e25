export * from './persistence-subject.js';
export * from './test-database.js';
