import {
  type AuditEntryView,
  auditActions,
  ListAuditEntries,
  listAuditEntriesInput,
  parseInput,
} from '@chatbuddy/core';
import type { Command } from 'commander';
import { alignedTable, type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { positiveIntegerOption } from './arguments.js';
import { withRuntime } from './operator.js';

function detailsText(entry: AuditEntryView): string {
  return Object.entries(entry.details)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function table(entries: readonly AuditEntryView[]): string {
  if (entries.length === 0) return 'No audit entries.';
  const rows = entries.map((entry) => [
    entry.createdAt,
    entry.action,
    entry.actorId ?? 'operator',
    entry.target ? `${entry.target.type} ${entry.target.id}` : '-',
    entry.clientIp ?? '-',
    entry.requestId ?? '-',
    detailsText(entry),
  ]);
  return alignedTable(['TIME', 'ACTION', 'ACTOR', 'TARGET', 'CLIENT IP', 'REQUEST', 'DETAILS'], rows);
}

interface AuditOptions {
  limit: string;
  cursor?: string;
  action?: string;
  since?: string;
  until?: string;
  json?: boolean;
}

/** `chatbuddy audit`: the audit log (logins, refresh reuse, key rotations, deletions, role changes). */
export function registerAuditCommand(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('audit')
    .description('Show the audit log, newest first')
    .option('--limit <count>', 'entries per page (1–100)', '20')
    .option('--cursor <cursor>', 'the nextCursor of a previous page')
    .option('--action <actions>', `only these actions, comma-separated: ${auditActions.join(', ')}`)
    .option('--since <time>', 'entries at or after this ISO-8601 time')
    .option('--until <time>', 'entries before this ISO-8601 time')
    .option('--json', 'machine-readable output')
    .action(async (options: AuditOptions) => {
      const input = parseInput(listAuditEntriesInput, {
        limit: positiveIntegerOption('--limit', options.limit),
        cursor: options.cursor,
        action: options.action,
        since: options.since,
        until: options.until,
      });
      const page = await withRuntime(openRuntime, (runtime) => runtime.get(ListAuditEntries).execute(input));
      print(io, Boolean(options.json), page, () =>
        page.nextCursor ? `${table(page.items)}\n\nMore: --cursor ${page.nextCursor}` : table(page.items),
      );
    });
}
