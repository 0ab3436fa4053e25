export { type ChunkSource, ChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';
/** The adapter's record shape (ids, text, metadata), for the benchmark's Chroma ceiling. */
export { toRecords as chromaRecords } from './chroma-records.js';
