import type { Chunk, DocumentSummary } from '../document.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { AbandonedCutoff } from '../../ports/document.repository.port.js';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { VectorStore } from '../../ports/vector-store.port.js';
import { chunksMatchContent } from './document-structure.js';
import { interruptedReason } from './indexing-lease.js';

export interface ReleaseContext {
  unitOfWork: UnitOfWork;
  vectors: VectorStore;
  clock: Clock;
  logger: Logger;
}

/**
 * Marks a document whose run was abandoned `failed` with reason `interrupted`, if it still is
 * abandoned by `cutoff` (null: unfinished at all) when the conditional write lands, and converges
 * as a failed run does: chunk rows stay only while they are exact slices of the content (an
 * interrupted reindex keeps serving the last good index), and every vector of the document that
 * is not one of those rows is removed (best effort, a failure is logged; orphans never answer
 * without a chunk row).
 * @returns false when another instance released it first or its lease was renewed meanwhile.
 */
export async function releaseAbandoned(
  context: ReleaseContext,
  document: Pick<DocumentSummary, 'projectId' | 'id'>,
  cutoff: AbandonedCutoff | null,
): Promise<boolean> {
  const { projectId, id } = document;
  const kept = await context.unitOfWork.run(async ({ documents }): Promise<Chunk[] | null> => {
    const at = context.clock.now();
    const released = await documents.releaseAbandoned(projectId, id, cutoff, interruptedReason, at);
    if (!released) return null;
    const chunks = await documents.listChunks(projectId, id);
    if (chunksMatchContent(released.content, chunks)) return chunks;
    if (chunks.length > 0) await documents.replaceChunks(projectId, id, []);
    if (released.chunkCount !== 0) await documents.update(projectId, id, { chunkCount: 0 }, at);
    return [];
  });
  if (!kept) return false;
  const current = new Set(kept.map((chunk) => chunk.id));
  try {
    const stored = await context.vectors.listChunkIds(projectId, id);
    const orphans = stored.filter((chunkId) => !current.has(chunkId));
    if (orphans.length > 0) await context.vectors.deleteChunks(projectId, orphans);
  } catch (error) {
    // The vector store is down: no chunk row points at the orphans, so they never answer.
    context.logger.warn('vectors of an interrupted indexing run could not be removed', {
      projectId,
      documentId: id,
      error,
    });
  }
  return true;
}
