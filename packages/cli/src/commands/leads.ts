import { ExportLeads, type LeadView, ListLeads } from '@chatbuddy/core';
import { type Command, Option } from 'commander';
import { alignedTable, type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { positiveIntegerOption, projectIdArgument } from './arguments.js';
import { operatorActor, withRuntime } from './operator.js';
import { writeFileAtomically } from './output-files.js';

interface FilterOptions {
  project: string;
  verified?: 'true' | 'false';
  search?: string;
}

const verifiedOption = () =>
  new Option('--verified <state>', 'only verified (true) or unverified (false) leads').choices([
    'true',
    'false',
  ]);

function leadTable(leads: readonly LeadView[]): string {
  if (leads.length === 0) return 'No leads.';
  const header = ['ID', 'NAME', 'EMAIL', 'VERIFIED', 'MESSAGES', 'CREATED'];
  const flat = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const rows = leads.map((lead) => [
    lead.id,
    flat(lead.name),
    flat(lead.email),
    lead.verifiedAt ?? '-',
    String(lead.messagesUsed),
    lead.createdAt,
  ]);
  return alignedTable(header, rows);
}

/** `chatbuddy leads list|export`, acting as an admin. */
export function registerLeadsCommands(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  const leads = program.command('leads').description('Review and export the leads of a project, as an admin');
  leads
    .command('list')
    .description('List a project’s leads, newest first')
    .requiredOption('--project <id>', 'project id (see projects list)')
    .addOption(verifiedOption())
    .option('--search <text>', 'text in the name or email (case-insensitive)')
    .option('--limit <count>', 'leads per page (1–100)', '50')
    .option('--cursor <cursor>', 'the nextCursor of a previous page')
    .option('--json', 'machine-readable output: {items, nextCursor}')
    .action(async (options: FilterOptions & { limit: string; cursor?: string; json?: boolean }) => {
      const projectId = projectIdArgument(options.project);
      const limit = positiveIntegerOption('--limit', options.limit);
      const page = await withRuntime(openRuntime, (runtime) =>
        runtime.get(ListLeads).execute(operatorActor, projectId, {
          limit,
          ...(options.cursor && { cursor: options.cursor }),
          ...(options.verified && { verified: options.verified }),
          ...(options.search && { q: options.search }),
        }),
      );
      print(io, Boolean(options.json), page, () =>
        page.nextCursor
          ? `${leadTable(page.items)}\n\nMore: --cursor ${page.nextCursor}`
          : leadTable(page.items),
      );
    });
  leads
    .command('export')
    .description(
      'Export a project’s leads as CSV (UTF-8 with a byte order mark, the same file as the dashboard’s)',
    )
    .requiredOption('--project <id>', 'project id (see projects list)')
    .addOption(verifiedOption())
    .option('--search <text>', 'text in the name or email (case-insensitive)')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: FilterOptions & { output?: string }) => {
      const projectId = projectIdArgument(options.project);
      await withRuntime(openRuntime, async (runtime) => {
        const { chunks } = await runtime.get(ExportLeads).execute(operatorActor, projectId, {
          ...(options.verified && { verified: options.verified }),
          ...(options.search && { q: options.search }),
        });
        if (options.output) await writeFileAtomically(options.output, chunks);
        else for await (const chunk of chunks) io.stdout(chunk);
      });
    });
}
