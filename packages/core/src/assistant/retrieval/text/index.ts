export * from './analysis.js';
export * from './porter2-stemmer.js';
export * from './stop-words.js';
