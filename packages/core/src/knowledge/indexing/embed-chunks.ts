import type { ChunkId, ProjectId } from '../../shared/common.js';
import type { Chunk, KnowledgeDocument } from '../document.js';
import { DomainError } from '../../shared/domain-error.js';
import type { Embedder } from '../../ports/embedder.port.js';
import type { VectorStore } from '../../ports/vector-store.port.js';

/**
 * The text embedded for a chunk: the document title and heading path as a first line, then the
 * chunk. The stored chunk text stays the exact slice; the context only steers the vector, so a
 * chunk under "Refunds" is found by "refund" even when its sentences never say the word.
 */
export function embeddingText(title: string, chunk: Pick<Chunk, 'headingPath' | 'text'>): string {
  const context: string[] = [];
  for (const part of [title, ...chunk.headingPath].map((value) => value.trim())) {
    if (part && context.at(-1)?.toLowerCase() !== part.toLowerCase()) context.push(part);
  }
  return context.length > 0 ? `${context.join(' › ')}\n\n${chunk.text}` : chunk.text;
}

/** Whether every value is a finite number (a loop: a callback per value boxes each one). */
function allFinite(values: readonly unknown[]): boolean {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  }
  return true;
}

function checkVectors(vectors: unknown, expected: number, dimensions: number): number[][] {
  const valid =
    Array.isArray(vectors) &&
    vectors.length === expected &&
    vectors.every((vector) => Array.isArray(vector) && vector.length === dimensions && allFinite(vector));
  if (!valid) throw new DomainError('provider_error', 'The embedding provider returned malformed vectors');
  return vectors as number[][];
}

/** Vectors of `chunks` (one embedder call), checked. @throws DomainError `provider_error` when malformed. */
export async function embedBatch(
  document: Pick<KnowledgeDocument, 'title'>,
  chunks: readonly Chunk[],
  embedder: Embedder,
): Promise<number[][]> {
  const texts = chunks.map((chunk) => embeddingText(document.title, chunk));
  return checkVectors(
    await embedder.embed(texts, { purpose: 'document' }),
    chunks.length,
    embedder.dimensions,
  );
}

/** Vector writes still under way when every batch is embedded. */
export interface PendingVectors {
  /** Settles when the last upsert does; rejects with its error. */
  stored: Promise<void>;
}

/**
 * Embeds `chunks` in batches of `batchSize` texts and upserts each batch's vectors while the next
 * batch is embedded (one upsert in flight at a time). Resolves once every batch is embedded and
 * every upsert but the last has succeeded; the last is handed back in `stored`, so the caller can
 * overlap it with its own work. `written` receives the ids of every vector sent to the store, so
 * a failure can remove exactly those; when this function throws, no upsert is still under way.
 * Once `stop` is aborted no further batch is sent (its reason is thrown).
 */
export async function embedAndStore(
  projectId: ProjectId,
  document: Pick<KnowledgeDocument, 'title'>,
  chunks: readonly Chunk[],
  embedder: Embedder,
  vectors: VectorStore,
  batchSize: number,
  written: ChunkId[],
  stop?: AbortSignal,
): Promise<PendingVectors> {
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for (let offset = 0; offset < chunks.length; offset += batchSize) {
      const batch = chunks.slice(offset, offset + batchSize);
      const embeddings = await embedBatch(document, batch, embedder);
      await inFlight;
      stop?.throwIfAborted();
      // Counted before the call: a store that fails midway may have kept part of the batch.
      written.push(...batch.map((chunk) => chunk.id));
      inFlight = vectors.upsert(
        projectId,
        batch.map((chunk, index) => ({ chunk, embedding: embeddings[index]! })),
      );
      // Handled here so a failure while the next batch embeds is not an unhandled rejection;
      // it is still thrown by the `await` above or by the caller's.
      inFlight.catch(() => undefined);
    }
  } catch (error) {
    // A write that lands after the caller's clean-up would leave orphans.
    await inFlight.catch(() => undefined);
    throw error;
  }
  return { stored: inFlight };
}
