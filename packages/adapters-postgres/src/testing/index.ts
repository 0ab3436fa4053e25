export * from './persistence-subject.js';
export * from './test-database.js';
export * from './lead-seeder.js';
