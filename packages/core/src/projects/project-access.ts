import type { Project } from './project.js';
import type { PublicUser } from '../accounts/index.js';
import { DomainError } from '../shared/domain-error.js';
import type { ProjectRepository } from '../ports/project.repository.port.js';

/** The caller of a dashboard use case. */
export type Actor = Pick<PublicUser, 'id' | 'role'>;

/**
 * Loads a project the actor may see: admins see all, users their own. Anything else is the same
 * 404 as a missing project, so other tenants' ids do not leak.
 */
export async function loadAccessibleProject(
  projects: ProjectRepository,
  actor: Actor,
  projectId: string,
): Promise<Project> {
  const project = await projects.findById(projectId);
  if (!project || (actor.role !== 'admin' && project.ownerId !== actor.id)) {
    throw new DomainError('project_not_found', 'Project not found');
  }
  return project;
}
