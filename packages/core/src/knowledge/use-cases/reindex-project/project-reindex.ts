import type { DocumentId, ProjectId } from '../../../shared/common.js';
import { isDomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { DocumentRepository } from '../../../ports/document.repository.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { DocumentIndexer } from '../../indexing/document-indexer.js';

export interface ProjectReindexReport {
  projectId: ProjectId;
  /** The project's embedding model after the reindex. */
  embeddingModel: string;
  ready: DocumentId[];
  failed: Array<{ documentId: DocumentId; error: string }>;
}

/**
 * Full project reindex: the one way to move a project to another embedding model (spec §3.2).
 * The project's model is switched first, so uploads made meanwhile are accepted; then every
 * document is rebuilt with the new embedder. A document that fails loses its old-model chunks
 * (never two vector spaces for one document) and stays `failed` until a reindex or repair.
 */
export class ProjectReindex {
  constructor(
    private readonly indexer: DocumentIndexer,
    private readonly documents: DocumentRepository,
    private readonly projects: ProjectRepository,
    private readonly clock: Clock,
    private readonly pageSize = 100,
  ) {}

  async execute(projectId: ProjectId): Promise<ProjectReindexReport> {
    const project = await this.indexer.loadProject(projectId);
    const embedder = this.indexer.embedderFor(project, true);
    if (project.embeddingModel !== embedder.model) {
      await this.projects.update(projectId, { embeddingModel: embedder.model }, this.clock.now());
    }
    const ids: DocumentId[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.documents.list(projectId, { limit: this.pageSize, cursor });
      ids.push(...page.items.map((document) => document.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const report: ProjectReindexReport = { projectId, embeddingModel: embedder.model, ready: [], failed: [] };
    for (const documentId of ids) {
      try {
        await this.indexer.index(projectId, documentId, { allowModelChange: true });
        report.ready.push(documentId);
      } catch (error) {
        report.failed.push({ documentId, error: isDomainError(error) ? error.code : 'internal_error' });
      }
    }
    return report;
  }
}
