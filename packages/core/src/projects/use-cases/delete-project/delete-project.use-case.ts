import { type AuditContext, auditEntry } from '../../../audit/index.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';
import { type Actor, loadAccessibleProject } from '../../project-access.js';

/**
 * Deletes a project and all its data: the database rows go first (by cascade, atomically, with
 * the audit entry and a note that its vectors are to be dropped), then the project's vectors. If
 * the vector store is down, or the process stops in between, the call fails after the rows are
 * gone; the vectors left behind belong to no project and are never queried, and the repair job
 * drops them (`DropDeletedProjectVectors`).
 *
 * The note stays after a successful drop: an upload or reindex of the project still running when
 * it was deleted writes vectors after the drop (recreating the project's Chroma collection) until
 * its lease renewal finds the document gone, and a process stopped before that run cleans up
 * would leave them for good. The repair job drops the project's vectors again at each pass and
 * clears the note once the deletion has settled (`DropDeletedProjectVectors`).
 */
export class DeleteProject {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly vectors: VectorStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, projectId: string, context: AuditContext = {}): Promise<void> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    await this.unitOfWork.run(async (repositories) => {
      await repositories.projects.delete(project.id);
      await repositories.audit.record(
        auditEntry(
          this.ids.newId(),
          this.clock.now(),
          {
            action: 'project_deleted',
            actorId: actor.id,
            target: { type: 'project', id: project.id },
            details: { name: project.name, ownerId: project.ownerId },
          },
          context,
        ),
      );
    });
    await this.vectors.dropProject(project.id);
  }
}
