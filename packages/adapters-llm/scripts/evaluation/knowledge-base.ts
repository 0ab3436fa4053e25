import {
  type Chunk,
  type DocumentRepository,
  type Embedder,
  type KnowledgeDocument,
  type LexicalIndex,
  splitSentences,
  type VectorStore,
} from '@chatbuddy/core';
import { createInMemoryPorts } from '@chatbuddy/core/testing';
import { ExactVectorStore } from './exact-vector-store.js';

/** The storage ports a retrieval evaluation runs on. */
export interface KnowledgePorts {
  documents: DocumentRepository;
  lexicalIndex: LexicalIndex;
  vectorStore: VectorStore;
  close?: () => Promise<void>;
}

export interface SourceDocument {
  id: string;
  title: string;
  content: string;
}

/** In-memory fakes (core's BM25 fake, exact cosine search). */
export function inMemoryKnowledge(): KnowledgePorts {
  const ports = createInMemoryPorts();
  return {
    documents: ports.documents,
    lexicalIndex: ports.lexicalIndex,
    vectorStore: new ExactVectorStore(),
  };
}

/**
 * A minimal chunker for when core's is not wired in: whole sentences packed up to `maxWords`
 * with one sentence of overlap; the title is the heading path.
 */
export function sentenceChunks(text: string, maxWords: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const sentence of splitSentences(text)) {
    const count = sentence.split(/\s+/).length;
    if (words + count > maxWords && current.length > 0) {
      chunks.push(current.join(' '));
      current = current.slice(-1);
      words = current.join(' ').split(/\s+/).length;
    }
    current.push(sentence);
    words += count;
  }
  if (current.length > 0) chunks.push(current.join(' '));
  return chunks;
}

/** Stores documents, chunk rows and vectors (documents are `ready`). */
export async function ingest(
  ports: KnowledgePorts,
  projectId: string,
  sources: readonly SourceDocument[],
  embedder: Embedder,
  chunker: (source: SourceDocument) => Array<Pick<Chunk, 'text' | 'headingPath'>>,
): Promise<Map<string, string>> {
  const at = new Date('2026-01-01T00:00:00Z');
  const sourceIds = new Map<string, string>();
  for (const source of sources) {
    const pieces = chunker(source);
    const documentId = uuid(1, sourceIds.size + 1);
    sourceIds.set(documentId, source.id);
    const document: KnowledgeDocument = {
      id: documentId,
      projectId,
      title: source.title,
      content: source.content,
      contentHash: `hash-${source.id}`,
      mimeType: 'text/markdown',
      filename: null,
      metadata: {},
      status: 'ready',
      failureReason: null,
      chunkCount: pieces.length,
      embeddingModel: embedder.model,
      version: 1,
      sizeBytes: source.content.length,
      createdAt: at,
      updatedAt: at,
      indexedAt: at,
    };
    await ports.documents.create(document);
    const chunks: Chunk[] = pieces.map((piece, position) => ({
      id: uuid(2 + position, sourceIds.size),
      projectId,
      documentId,
      position,
      text: piece.text,
      headingPath: piece.headingPath,
      tokenCount: piece.text.split(/\s+/).length,
      charStart: 0,
      charEnd: piece.text.length,
      metadata: {},
    }));
    await ports.documents.replaceChunks(projectId, documentId, chunks);
    const vectors = await embedder.embed(
      chunks.map((chunk) => [...chunk.headingPath, chunk.text].join('\n')),
      { purpose: 'document' },
    );
    await ports.vectorStore.upsert(
      projectId,
      chunks.map((chunk, index) => ({ chunk, embedding: vectors[index]! })),
    );
  }
  return sourceIds;
}

/** A deterministic UUID (v4 layout) from two counters. */
export function uuid(high: number, low: number): string {
  return `${high.toString(16).padStart(8, '0')}-0000-4000-8000-${low.toString(16).padStart(12, '0')}`;
}
