export { ChromaVectorStore, type ChromaVectorStoreOptions } from './chroma-vector-store.js';
