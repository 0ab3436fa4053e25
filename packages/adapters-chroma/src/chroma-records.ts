import { type Chunk, DomainError, type EmbeddedChunk, invalidInput, type Metadata } from '@chatbuddy/core';
import type { Metadata as ChromaMetadata } from 'chromadb';

/** Fields kept in each Chroma record's metadata; the chunk text is the record's document. */
export interface ChunkRecordMetadata extends ChromaMetadata {
  projectId: string;
  documentId: string;
  chunkId: string;
  position: number;
  tokenCount: number;
  charStart: number;
  charEnd: number;
  /** JSON of `string[]`: Chroma rejects empty arrays in metadata. */
  headingPath: string;
  /** JSON of the chunk's own metadata (nested values are not allowed in Chroma metadata). */
  metadata: string;
}

const plainName = /^[a-zA-Z0-9_-]*[a-zA-Z0-9]$/;
const maximumNameLength = 512;

/**
 * The collection of a project: `<prefix><projectId>` when the id is made of Chroma's allowed
 * characters (UUIDs are), else `<prefix>x-<hex of the id>`, so that different ids never share a
 * collection and every name obeys Chroma's rules (3–512 of `[a-zA-Z0-9._-]`, alphanumeric ends).
 */
export function collectionName(prefix: string, projectId: string): string {
  if (projectId.length === 0) throw invalidInput('Project id must not be empty');
  const name = plainName.test(projectId)
    ? `${prefix}${projectId}`
    : `${prefix}x-${Buffer.from(projectId, 'utf8').toString('hex')}`;
  if (name.length > maximumNameLength)
    throw invalidInput('Project id is too long for a Chroma collection name');
  return name;
}

/** Checks a collection prefix once, at construction. */
export function checkCollectionPrefix(prefix: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$/.test(prefix) || prefix.includes('..')) {
    throw invalidInput(
      'Chroma collection prefix must be 2-64 characters of [a-zA-Z0-9._-], starting alphanumeric',
      {
        prefix,
      },
    );
  }
  return prefix;
}

function checkEmbedding(embedding: unknown, chunkId: string | undefined): number[] {
  if (
    !Array.isArray(embedding) ||
    embedding.length === 0 ||
    !embedding.every((value) => typeof value === 'number' && Number.isFinite(value))
  ) {
    throw invalidInput('Embeddings must be non-empty arrays of finite numbers', { chunkId });
  }
  return embedding;
}

/** Validates a query vector the same way as stored vectors. */
export function checkQueryEmbedding(embedding: unknown): number[] {
  return checkEmbedding(embedding, undefined);
}

/** What a record of a store whose chunks live elsewhere keeps: the filter of document deletes and sweeps. */
export interface VectorOnlyMetadata extends ChromaMetadata {
  documentId: string;
}

/**
 * Splits embedded chunks into Chroma's column arrays, refusing chunks of another project. With
 * `vectorsOnly` (the chunks live in the caller's rows), a record is its id, its vector and its
 * document id: no text, no other metadata, since Chroma indexes every metadata field it is given.
 */
export function toRecords(
  projectId: string,
  entries: readonly EmbeddedChunk[],
  options: { vectorsOnly?: boolean } = {},
) {
  const ids: string[] = [];
  const embeddings: number[][] = [];
  const documents: string[] = [];
  const metadatas: (ChunkRecordMetadata | VectorOnlyMetadata)[] = [];
  const dimensions = entries[0]?.embedding.length;
  // Chroma refuses repeated ids in one request; like the in-memory store, the last one wins.
  const latest = new Map(entries.map((entry) => [entry.chunk.id, entry]));
  for (const { chunk, embedding } of latest.values()) {
    if (chunk.projectId !== projectId) {
      throw invalidInput('Chunk belongs to another project', { chunkId: chunk.id });
    }
    if (checkEmbedding(embedding, chunk.id).length !== dimensions) {
      throw invalidInput('All embeddings of one upsert must have the same dimension', { chunkId: chunk.id });
    }
    ids.push(chunk.id);
    embeddings.push(embedding);
    if (options.vectorsOnly) {
      metadatas.push({ documentId: chunk.documentId });
      continue;
    }
    documents.push(chunk.text);
    metadatas.push({
      projectId: chunk.projectId,
      documentId: chunk.documentId,
      chunkId: chunk.id,
      position: chunk.position,
      tokenCount: chunk.tokenCount,
      charStart: chunk.charStart,
      charEnd: chunk.charEnd,
      headingPath: JSON.stringify(chunk.headingPath),
      metadata: JSON.stringify(chunk.metadata),
    });
  }
  return { ids, embeddings, documents, metadatas };
}

/**
 * A record deleted while a query ran: Chroma found its id in the index but its document and
 * metadata were gone when it read them. Such a hit is stale, not foreign, and is left out (two
 * instances replacing and searching one project meet this under load).
 */
export function isVanishedRecord(text: string | null, metadata: ChromaMetadata | null): boolean {
  return text === null && metadata === null;
}

/** Rebuilds the core chunk stored in one Chroma record. */
export function fromRecord(id: string, text: string | null, stored: ChromaMetadata | null): Chunk {
  const metadata = stored as Partial<ChunkRecordMetadata> | null;
  if (!metadata || typeof metadata.documentId !== 'string' || typeof metadata.projectId !== 'string') {
    throw foreignRecord(id);
  }
  return {
    id,
    projectId: metadata.projectId,
    documentId: metadata.documentId,
    position: metadata.position ?? 0,
    text: text ?? '',
    headingPath: parseJson(id, metadata.headingPath ?? '[]') as string[],
    tokenCount: metadata.tokenCount ?? 0,
    charStart: metadata.charStart ?? 0,
    charEnd: metadata.charEnd ?? 0,
    metadata: parseJson(id, metadata.metadata ?? '{}') as Metadata,
  };
}

// A record this adapter did not write: the collection is not ours to interpret.
function foreignRecord(chunkId: string): DomainError {
  return new DomainError('internal_error', 'Vector store returned a record without chunk metadata', {
    details: { chunkId },
  });
}

function parseJson(chunkId: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw foreignRecord(chunkId);
  }
}
