import type { CsvEncoder } from '../../ports/csv-encoder.port.js';
import type { LeadDirectory, LeadFilter } from '../../ports/lead-directory.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import { parseInput } from '../../shared/validation.js';
import { type Actor, loadAccessibleProject } from '../../projects/index.js';
import { neutraliseCell, utf8ByteOrderMark } from './csv-cells.js';
import { type LeadFilterInput, leadFilterInput, toLeadFilter } from './leads.input.js';

export const leadCsvColumns = ['id', 'name', 'email', 'verified_at', 'messages_used', 'created_at'] as const;

/** Leads read per page while exporting: memory stays bounded whatever the project holds. */
const exportPageSize = 500;

/** A project's leads as CSV, for download and the CLI. */
export interface LeadExport {
  filename: string;
  /** CSV text in pieces: a byte order mark and the header first, then one piece per page of leads. */
  chunks: AsyncIterable<string>;
}

/**
 * Exports a project's leads (owner or admin) as RFC 4180 CSV in UTF-8 with a byte order mark,
 * newest first, with formula-like cells neutralised. Access is checked before anything streams.
 */
export class ExportLeads {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly directory: LeadDirectory,
    private readonly csv: CsvEncoder,
  ) {}

  async execute(actor: Actor, projectId: string, input: LeadFilterInput = {}): Promise<LeadExport> {
    const filter = toLeadFilter(parseInput(leadFilterInput, input));
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    return { filename: `leads-${project.id}.csv`, chunks: this.rows(project.id, filter) };
  }

  private async *rows(projectId: string, filter: LeadFilter): AsyncGenerator<string> {
    yield utf8ByteOrderMark + this.csv.encode([[...leadCsvColumns]]);
    let cursor: string | null = null;
    do {
      const page = await this.directory.list(projectId, filter, { limit: exportPageSize, cursor });
      if (page.items.length > 0) {
        yield this.csv.encode(
          page.items.map((lead) =>
            [
              lead.id,
              lead.name,
              lead.email,
              lead.verifiedAt?.toISOString() ?? '',
              String(lead.messagesUsed),
              lead.createdAt.toISOString(),
            ].map(neutraliseCell),
          ),
        );
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
}
