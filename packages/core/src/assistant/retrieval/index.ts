export * from './bm25.js';
export * from './confidence.js';
export * from './fusion.js';
export * from './passage-features.js';
export * from './question-terms.js';
export * from './retriever.defaults.js';
export * from './retriever.js';
export * from './text/index.js';
