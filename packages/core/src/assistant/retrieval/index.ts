export * from './confidence.js';
export * from './confidence-calibration.js';
export * from './fusion.js';
export * from './rerank.js';
export * from './retriever.defaults.js';
export * from './retriever.js';
export * from './text/index.js';
