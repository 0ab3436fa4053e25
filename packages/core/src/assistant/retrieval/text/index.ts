export * from './analysis.js';
export * from './language.js';
export * from './light-stemmers.js';
export * from './other-stop-words.js';
export * from './porter2-stemmer.js';
export * from './stop-words.js';
