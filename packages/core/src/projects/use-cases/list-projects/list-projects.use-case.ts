import type { Page } from '../../../shared/common.js';
import { parseInput } from '../../../shared/validation.js';
import type { ApiKeyRepository } from '../../../ports/api-key.repository.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import { type PageInput, pageInput } from '../../../shared/page-input.js';
import type { Actor } from '../../project-access.js';
import { type ProjectView, toProjectView } from '../../project-view.js';

/** Projects the actor may see (admins: all), newest first, paginated. */
export class ListProjects {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, input: PageInput = {}): Promise<Page<ProjectView>> {
    const page = parseInput(pageInput, input);
    const result = await this.projects.list(actor.role === 'admin' ? {} : { ownerId: actor.id }, page);
    const now = this.clock.now();
    const items = await Promise.all(
      result.items.map(async (project) =>
        toProjectView(project, await this.apiKeys.listByProject(project.id), now),
      ),
    );
    return { items, nextCursor: result.nextCursor };
  }
}
