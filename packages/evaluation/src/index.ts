/**
 * Evaluation and benchmarks of Chat Buddy (a tool, not part of the server): retrieval and answer
 * metrics, the dataset loaders and runners behind `chatbuddy eval`, and the launcher of the
 * benchmark behind `pnpm bench` / `chatbuddy bench`. Research scripts live in `scripts/`.
 * @module
 */
export * from './bench.js';
export * from './datasets.js';
export * from './docs-dataset.js';
export * from './evaluate-docs.js';
export * from './evaluate.js';
export * from './squad-evaluation.js';
export * from './metrics.js';
export * from './curated/curated-matching.js';
