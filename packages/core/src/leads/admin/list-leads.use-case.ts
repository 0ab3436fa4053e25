import type { LeadDirectory } from '../../ports/lead-directory.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import type { Page } from '../../shared/common.js';
import { parseInput } from '../../shared/validation.js';
import { type Actor, loadAccessibleProject } from '../../projects/index.js';
import { type ListLeadsInput, listLeadsInput, toLeadFilter } from './leads.input.js';
import { type LeadView, toLeadView } from './lead-view.js';

/** A project's leads, newest first, filtered and searched, paginated (owner or admin). */
export class ListLeads {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly directory: LeadDirectory,
  ) {}

  async execute(actor: Actor, projectId: string, input: ListLeadsInput = {}): Promise<Page<LeadView>> {
    const parsed = parseInput(listLeadsInput, input);
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    const page = await this.directory.list(project.id, toLeadFilter(parsed), {
      limit: parsed.limit,
      cursor: parsed.cursor ?? null,
    });
    return { items: page.items.map(toLeadView), nextCursor: page.nextCursor };
  }
}
