import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';
import { type Actor, loadAccessibleProject } from '../../project-access.js';

/**
 * Deletes a project and all its data: the database rows go first (by cascade, atomically), then
 * the project's vectors. If the vector store is down the call fails after the rows are gone; the
 * vectors left behind belong to no project and are never queried, and a retry drops them.
 */
export class DeleteProject {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly vectors: VectorStore,
  ) {}

  async execute(actor: Actor, projectId: string): Promise<void> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    await this.projects.delete(project.id);
    await this.vectors.dropProject(project.id);
  }
}
