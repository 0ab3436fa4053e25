import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import { loadConfig } from '../open-runtime.js';

/** `chatbuddy migrate`: applies pending database migrations (forward only, idempotent). */
export function registerMigrateCommand(program: Command, io: CommandIo): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (DB_URL, or the embedded database in DATA_DIR)')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const { migrateDatabase } = await import('@chatbuddy/runtime');
      const report = await migrateDatabase(loadConfig());
      print(io, Boolean(options.json), report, () =>
        report.applied.length === 0
          ? `Database (${report.database}) is up to date.`
          : `Applied ${report.applied.length} migration(s) to ${report.database}:\n${report.applied.map((name) => `  ${name}`).join('\n')}`,
      );
    });
}
