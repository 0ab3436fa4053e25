import { DomainError } from '@chatbuddy/core';
import { type OutboxEntry, outboxPath, readOutbox } from '@chatbuddy/runtime/outbox';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import { loadConfig } from '../open-runtime.js';
import { positiveIntegerOption } from './arguments.js';

function show(entry: OutboxEntry): string {
  return [
    `── ${entry.sentAt}  to ${entry.to}`,
    `Subject: ${entry.subject}`,
    '',
    entry.text.trimEnd(),
    '',
  ].join('\n');
}

/** The code in the newest email; `not_found` when no email holds one. */
function newestCode(entries: readonly OutboxEntry[], to: string | undefined): string {
  for (const entry of [...entries].reverse()) {
    const code = /\b(\d{6})\b/.exec(`${entry.subject}\n${entry.text}`)?.[1];
    if (code) return code;
  }
  throw new DomainError('not_found', `No email${to ? ` to ${to}` : ''} with a code in the outbox`);
}

/**
 * `chatbuddy outbox`: the emails the embedded default "sent" (verification codes), read from
 * `<DATA_DIR>/outbox.jsonl`. A file: it never opens the database, so it works while the server
 * runs. `dataDir` is for tests; by default it comes from the configuration.
 */
export function registerOutboxCommand(
  program: Command,
  io: CommandIo,
  dataDir: () => string = () => loadConfig().dataDir,
): void {
  program
    .command('outbox')
    .description('Show emails stored by the development outbox mailer (newest last)')
    .option('--to <email>', 'only emails to this address')
    .option('-n, --limit <count>', 'show at most this many of the latest emails', '10')
    .option('--code', 'print only the 6-digit code of the newest email (fails when there is none)')
    .option('--json', 'machine-readable output')
    .action(async (options: { to?: string; limit: string; code?: boolean; json?: boolean }) => {
      const directory = dataDir();
      const limit = positiveIntegerOption('--limit', options.limit) ?? 10;
      const wanted = options.to?.trim().toLowerCase();
      const entries = (await readOutbox(directory))
        .filter((entry) => !wanted || entry.to === wanted)
        .slice(-limit);
      if (options.code) {
        io.stdout(`${newestCode(entries, wanted)}\n`);
        return;
      }
      print(io, Boolean(options.json), { emails: entries }, () =>
        entries.length === 0
          ? wanted
            ? `No email to ${wanted} in the outbox (${outboxPath(directory)}).`
            : `The outbox (${outboxPath(directory)}) is empty.`
          : entries.map(show).join('\n'),
      );
    });
}
