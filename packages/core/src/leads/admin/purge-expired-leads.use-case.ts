import type { Clock } from '../../ports/clock.port.js';
import type { LeadDirectory, PurgeOutcome } from '../../ports/lead-directory.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';

/** Rows removed per call to the directory; passes repeat while one comes back full. */
const batchSize = 200;
const dayMs = 24 * 3600_000;

export interface RetentionOutcome extends PurgeOutcome {
  projectId: string;
}

/**
 * Retention: in every project with `assistant.leadRetentionDays`, deletes the leads (with their
 * OTPs, sessions and conversations) and the conversations inactive for longer than that.
 * Returns what was removed, per project that lost anything.
 */
export class PurgeExpiredLeads {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly directory: LeadDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<RetentionOutcome[]> {
    const outcomes: RetentionOutcome[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.projects.list({}, { limit: 100, cursor });
      for (const project of page.items) {
        const days = project.assistant.leadRetentionDays;
        if (!days) continue;
        const outcome = await this.purge(project.id, new Date(this.clock.now().getTime() - days * dayMs));
        if (outcome.leads > 0 || outcome.conversations > 0)
          outcomes.push({ projectId: project.id, ...outcome });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return outcomes;
  }

  private async purge(projectId: string, cutoff: Date): Promise<PurgeOutcome> {
    const total = { leads: 0, conversations: 0 };
    for (;;) {
      const pass = await this.directory.purgeInactiveBefore(projectId, cutoff, batchSize);
      total.leads += pass.leads;
      total.conversations += pass.conversations;
      if (pass.leads < batchSize && pass.conversations < batchSize) return total;
    }
  }
}
