import type { ChunkId } from '../../shared/common.js';
import type { Chunk, KnowledgeDocument } from '../document.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { VectorStore } from '../../ports/vector-store.port.js';
import { chunksMatchContent } from './document-structure.js';
import { failureReason } from './indexing-errors.js';

export interface FailureContext {
  unitOfWork: UnitOfWork;
  vectors: VectorStore;
  clock: Clock;
  logger: Logger;
}

export interface FailedRun {
  /** The document as this run found it (status `indexing`). */
  started: KnowledgeDocument;
  /** Chunk rows before the run. */
  previous: readonly Chunk[];
  /** Ids of the vectors this run stored. */
  written: readonly ChunkId[];
  embedderModel: string;
  error: unknown;
}

/**
 * Converges after a failed run, best effort (a second failure is logged, not thrown: the document
 * stays `indexing` and repair picks it up). Unless a newer run owns the document, it is marked `failed`
 * with a safe reason. Previous chunk rows stay only while they are still exact slices of the
 * content in the same vector space (a failed reindex keeps serving the last good index);
 * otherwise they are removed with their vectors. The vectors this run wrote are always removed.
 */
export async function recordFailure(context: FailureContext, run: FailedRun): Promise<void> {
  const { projectId, id } = run.started;
  const keepPrevious =
    run.started.embeddingModel === run.embedderModel && chunksMatchContent(run.started.content, run.previous);
  let removePrevious = false;
  try {
    removePrevious = await context.unitOfWork.run(async ({ documents }) => {
      const current = await documents.findById(projectId, id);
      if (
        !current ||
        current.version !== run.started.version ||
        current.contentHash !== run.started.contentHash
      ) {
        return false;
      }
      const now = context.clock.now();
      if (!keepPrevious) await documents.replaceChunks(projectId, id, []);
      await documents.update(
        projectId,
        id,
        {
          status: 'failed',
          failureReason: failureReason(run.error),
          leaseExpiresAt: null,
          ...(keepPrevious ? {} : { chunkCount: 0 }),
        },
        now,
      );
      return !keepPrevious;
    });
  } catch (error) {
    // The database is unavailable too; repair converges later.
    context.logger.warn('a failed indexing run could not be recorded', {
      projectId,
      documentId: id,
      error,
    });
  }
  const orphans = [...run.written, ...(removePrevious ? run.previous.map((chunk) => chunk.id) : [])];
  if (orphans.length === 0) return;
  await context.vectors.deleteChunks(projectId, orphans).catch((error: unknown) => {
    // No chunk row points at them, so they never answer; repair sweeps them.
    context.logger.warn('vectors of a failed indexing run could not be removed', {
      projectId,
      documentId: id,
      vectors: orphans.length,
      error,
    });
  });
}
