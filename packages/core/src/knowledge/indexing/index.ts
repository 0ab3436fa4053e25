export * from './content-hash.js';
export * from './document-indexer.js';
export * from './document-intake.js';
export * from './document-structure.js';
export * from './embed-chunks.js';
export * from './indexing-errors.js';
export * from './record-failure.js';
export * from './sha256.js';
