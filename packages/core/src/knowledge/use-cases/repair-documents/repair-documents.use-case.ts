import type { DocumentId, ProjectId } from '../../../shared/common.js';
import type { DocumentSummary } from '../../document.js';
import { isDomainError } from '../../../shared/domain-error.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { RepairDocumentsInput } from './repair-documents.input.js';

export interface RepairOptions {
  /** A `pending` or `indexing` document untouched this long is considered abandoned by a crash. */
  staleAfterMs: number;
}

/** Longer than any healthy indexing run (a 5 MB document embeds in a few minutes), short enough to heal soon. */
export const defaultRepairOptions: Readonly<RepairOptions> = Object.freeze({ staleAfterMs: 15 * 60_000 });

export interface RepairOutcome {
  projectId: ProjectId;
  documentId: DocumentId;
  previousStatus: DocumentSummary['status'];
  status: 'ready' | 'failed';
  /** Error code when the reindex failed again. */
  error?: string;
}

/**
 * Finds documents stuck after a crash (`pending`/`indexing` for longer than `staleAfterMs`) and
 * `failed` ones, and reindexes each. Runs recently started are left alone: they are still running.
 */
export class RepairDocuments {
  private readonly options: RepairOptions;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    options: Partial<RepairOptions> = {},
  ) {
    this.options = { ...defaultRepairOptions, ...options };
  }

  async execute(input: RepairDocumentsInput): Promise<RepairOutcome[]> {
    const staleBefore = this.clock.now().getTime() - this.options.staleAfterMs;
    const inProject = (document: DocumentSummary) =>
      !input.projectId || document.projectId === input.projectId;
    // Over-fetch: rows of other projects or still running are filtered out after the query.
    const scan = input.projectId ? input.limit * 20 : input.limit;
    const stuck = (await this.documents.listByStatus(['pending', 'indexing'], scan)).filter(
      (document) => inProject(document) && document.updatedAt.getTime() <= staleBefore,
    );
    const failed = (await this.documents.listByStatus(['failed'], scan)).filter(inProject);
    const outcomes: RepairOutcome[] = [];
    for (const document of [...stuck, ...failed].slice(0, input.limit)) {
      outcomes.push(await this.repair(document));
    }
    return outcomes;
  }

  private async repair(document: DocumentSummary): Promise<RepairOutcome> {
    const base = { projectId: document.projectId, documentId: document.id, previousStatus: document.status };
    try {
      await this.indexer.index(document.projectId, document.id, { sweepOrphans: true });
      return { ...base, status: 'ready' };
    } catch (error) {
      return { ...base, status: 'failed', error: isDomainError(error) ? error.code : 'internal_error' };
    }
  }
}
