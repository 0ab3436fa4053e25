import type { DocumentId, ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import { isDomainError } from '../../../shared/domain-error.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';
import { abandonedCutoff, defaultLeaseOptions, interruptedReason } from '../../indexing/indexing-lease.js';
import { releaseAbandoned } from '../../indexing/release-abandoned.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { Logger } from '../../../ports/logger.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';
import type { RepairDocumentsInput } from './repair-documents.input.js';

export interface RepairOptions {
  /** The indexing lease (as the indexer holds it); unleased work is abandoned after as long. */
  leaseMs: number;
}

export const defaultRepairOptions: Readonly<RepairOptions> = Object.freeze({
  leaseMs: defaultLeaseOptions.leaseMs,
});

export interface RepairOutcome {
  projectId: ProjectId;
  documentId: DocumentId;
  previousStatus: DocumentSummary['status'];
  status: 'ready' | 'failed';
  /** Error code when the document stays failed (`interrupted` when released, not reindexed). */
  error?: string;
}

/**
 * Heals what crashed processes leave behind. A `pending`/`indexing` document whose lease expired
 * (or, without a lease, unchanged for a lease's length) was abandoned: it becomes `failed` with
 * reason `interrupted` through a conditional write, so a live run (renewing its lease) is never
 * touched and two instances repairing at once release each document once. With `reindex`,
 * `failed` documents are then reindexed.
 */
export class RepairDocuments {
  private readonly options: RepairOptions;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly indexer: DocumentIndexer,
    private readonly unitOfWork: UnitOfWork,
    private readonly vectors: VectorStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<RepairOptions> = {},
  ) {
    this.options = { ...defaultRepairOptions, ...options };
  }

  async execute(input: RepairDocumentsInput): Promise<RepairOutcome[]> {
    await this.removeNotedVectors();
    const inProject = (document: DocumentSummary) =>
      !input.projectId || document.projectId === input.projectId;
    // Over-fetch: rows of other projects are filtered out after the query.
    const scan = input.projectId ? input.limit * 20 : input.limit;
    const cutoff = input.everyUnfinished ? null : abandonedCutoff(this.clock.now(), this.options.leaseMs);
    const abandoned = (await this.documents.listAbandoned(cutoff, scan)).filter(inProject);
    const { unitOfWork, vectors, clock, logger } = this;
    const context = { unitOfWork, vectors, clock, logger };
    const released: RepairOutcome[] = [];
    for (const document of abandoned.slice(0, input.limit)) {
      if (!(await releaseAbandoned(context, document, cutoff))) continue;
      const base = {
        projectId: document.projectId,
        documentId: document.id,
        previousStatus: document.status,
      };
      released.push({ ...base, status: 'failed', error: interruptedReason });
    }
    if (!input.reindex) return released;
    const previous = new Map(released.map((outcome) => [outcome.documentId, outcome.previousStatus]));
    const failed = (await this.documents.listByStatus(['failed'], scan)).filter(inProject);
    const outcomes: RepairOutcome[] = [];
    for (const document of failed.slice(0, input.limit)) {
      outcomes.push(await this.reindex(document, previous.get(document.id) ?? document.status));
    }
    return outcomes;
  }

  /**
   * Removes the vectors of replaced chunks that a swap noted and no run removed (its process
   * stopped between the commit and the removal), once a lease's length old: a live run removes
   * its own within moments. A store that fails keeps the notes for the next pass.
   */
  private async removeNotedVectors(): Promise<void> {
    const notedBy = new Date(this.clock.now().getTime() - this.options.leaseMs);
    const noted = await this.documents.listVectorRemovals(notedBy, 1_000);
    const byProject = new Map<ProjectId, string[]>();
    for (const { projectId, chunkId } of noted)
      byProject.set(projectId, [...(byProject.get(projectId) ?? []), chunkId]);
    for (const [projectId, chunkIds] of byProject) {
      try {
        await this.vectors.deleteChunks(projectId, chunkIds);
        await this.documents.forgetVectorRemovals(projectId, chunkIds);
      } catch (error) {
        this.logger.warn('vectors of replaced chunks could not be removed; the next pass tries again', {
          projectId,
          vectors: chunkIds.length,
          error,
        });
      }
    }
  }

  private async reindex(
    document: DocumentSummary,
    previousStatus: DocumentSummary['status'],
  ): Promise<RepairOutcome> {
    const base = { projectId: document.projectId, documentId: document.id, previousStatus };
    try {
      await this.indexer.index(document.projectId, document.id, { sweepOrphans: true });
      return { ...base, status: 'ready' };
    } catch (error) {
      return { ...base, status: 'failed', error: isDomainError(error) ? error.code : 'internal_error' };
    }
  }
}
