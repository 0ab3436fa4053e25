import { z } from 'zod';
import type { LeadDirectory } from '../../ports/lead-directory.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import { DomainError } from '../../shared/domain-error.js';
import { parseInput } from '../../shared/validation.js';
import { type Actor, loadAccessibleProject } from '../../projects/index.js';

const leadIdInput = z.uuid();

/**
 * Erases a lead with its OTPs, sessions and conversations (messages, feedback) in one
 * transaction. Another project's lead is `lead_not_found`, like a missing one.
 */
export class EraseLead {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly directory: LeadDirectory,
  ) {}

  async execute(actor: Actor, projectId: string, leadId: string): Promise<{ leadId: string; erased: true }> {
    const id = parseInput(leadIdInput, leadId);
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    if (!(await this.directory.erase(project.id, id)))
      throw new DomainError('lead_not_found', 'Lead not found');
    return { leadId: id, erased: true };
  }
}
