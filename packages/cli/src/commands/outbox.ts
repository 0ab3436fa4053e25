import { type OutboxEntry, outboxPath, readOutbox } from '@chatbuddy/runtime';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import { loadConfig } from '../open-runtime.js';

function show(entry: OutboxEntry): string {
  return [
    `── ${entry.sentAt}  to ${entry.to}`,
    `Subject: ${entry.subject}`,
    '',
    entry.text.trimEnd(),
    '',
  ].join('\n');
}

/**
 * `chatbuddy outbox`: the emails the embedded default "sent" (verification codes), read from
 * `<DATA_DIR>/outbox.jsonl`. `dataDir` is for tests; by default it comes from the configuration.
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
    .option('--json', 'machine-readable output')
    .action(async (options: { to?: string; limit: string; json?: boolean }) => {
      const directory = dataDir();
      const limit = Math.max(1, Number.parseInt(options.limit, 10) || 10);
      const wanted = options.to?.trim().toLowerCase();
      const entries = (await readOutbox(directory))
        .filter((entry) => !wanted || entry.to === wanted)
        .slice(-limit);
      print(io, Boolean(options.json), { emails: entries }, () =>
        entries.length === 0
          ? `The outbox (${outboxPath(directory)}) is empty.`
          : entries.map(show).join('\n'),
      );
    });
}
