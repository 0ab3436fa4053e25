/**
 * Evaluation and benchmarks of Chat Buddy (a tool, not part of the server): retrieval and answer
 * metrics and the dataset loaders and runners behind `chatbuddy eval`. The benchmark behind
 * `pnpm bench` and the research scripts live in `scripts/`.
 * @module
 */
export * from './datasets.js';
export * from './evaluate.js';
export * from './metrics.js';
