export * from './curated-answer.js';
export * from './curated-answer-index.js';
export * from './import-curated-answers.js';
export * from './manage-curated-answers.js';
export * from './question-matcher.js';
