export * from './domain-error.js';
export * from './validation.js';
export * from './stored-text.js';
