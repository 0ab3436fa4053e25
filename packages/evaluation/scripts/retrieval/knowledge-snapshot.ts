import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  type Chunk,
  type DocumentRepository,
  type EmbeddedChunk,
  type Embedder,
  embeddingText,
  type LexicalIndex,
  type LexicalQuery,
  type ScoredChunk,
  type VectorStore,
} from '@chatbuddy/core';
import { ExactVectorStore } from './exact-vector-store.js';

/**
 * What a retrieval run needs from an ingested store, saved to a file: every chunk row, document
 * titles and sources, and the lexical (BM25) hits of every question. Lexical hits do not depend on
 * the embedder, so one slow PGlite ingestion serves any number of embedder and fusion variants.
 */
export interface KnowledgeSnapshot {
  projectId: string;
  chunks: Chunk[];
  /** document id → [source id, title] */
  documents: Record<string, [string, string]>;
  /** question → [chunk id, score], best first */
  lexical: Record<string, Array<[string, number]>>;
}

export function readSnapshot(path: string): KnowledgeSnapshot | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as KnowledgeSnapshot) : null;
}

export function writeSnapshot(path: string, snapshot: KnowledgeSnapshot): void {
  writeFileSync(path, JSON.stringify(snapshot));
}

/** Wraps a vector store so every chunk written through it is also kept in `into`. */
export function recordingVectorStore(inner: VectorStore, into: Chunk[]): VectorStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'upsert') {
        return async (projectId: string, chunks: readonly EmbeddedChunk[]) => {
          for (const { chunk } of chunks) into.push(structuredClone(chunk));
          return target.upsert(projectId, chunks);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Replays the saved lexical hits (questions not in the snapshot find nothing). */
class SnapshotLexicalIndex implements LexicalIndex {
  constructor(
    private readonly hits: Record<string, Array<[string, number]>>,
    private readonly chunks: Map<string, Chunk>,
  ) {}

  async search(_projectId: string, query: LexicalQuery): Promise<ScoredChunk[]> {
    return (this.hits[query.text] ?? [])
      .slice(0, query.topK)
      .map(([id, score]) => ({ chunk: this.chunks.get(id)!, score }));
  }
}

/**
 * Retrieval ports over a snapshot: the saved lexical hits, the chunk rows, and an exact cosine
 * store filled by embedding every chunk as the indexer does (title and headings first) with
 * `embedder` (seconds with the local embedder).
 */
export async function snapshotPorts(
  snapshot: KnowledgeSnapshot,
  embedder: Embedder,
): Promise<{ vectorStore: VectorStore; lexicalIndex: LexicalIndex; documents: DocumentRepository }> {
  const chunks = new Map(snapshot.chunks.map((chunk) => [chunk.id, chunk]));
  const vectorStore = new ExactVectorStore();
  const embeddings = await embedder.embed(
    snapshot.chunks.map((chunk) => embeddingText(snapshot.documents[chunk.documentId]?.[1] ?? '', chunk)),
    { purpose: 'document' },
  );
  await vectorStore.upsert(
    snapshot.projectId,
    snapshot.chunks.map((chunk, index) => ({ chunk, embedding: embeddings[index]! })),
  );
  // The retriever reads chunk rows with their titles only.
  const documents = {
    findPassages: async (_projectId: string, ids: readonly string[]) =>
      ids.flatMap((id) => {
        const chunk = chunks.get(id);
        return chunk ? [{ chunk, title: snapshot.documents[chunk.documentId]?.[1] ?? '' }] : [];
      }),
  } as unknown as DocumentRepository;
  return { vectorStore, lexicalIndex: new SnapshotLexicalIndex(snapshot.lexical, chunks), documents };
}
