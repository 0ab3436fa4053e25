import type { ApiKeyRepository } from '../../../ports/api-key.repository.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import { type Actor, loadAccessibleProject } from '../../project-access.js';
import { type ProjectView, toProjectView } from '../../project-view.js';

/** One project the actor may see; another tenant's project is `project_not_found`. */
export class GetProject {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, projectId: string): Promise<ProjectView> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    return toProjectView(project, await this.apiKeys.listByProject(project.id), this.clock.now());
  }
}
