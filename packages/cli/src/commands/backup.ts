import { DomainError } from '@chatbuddy/core';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import { loadConfig, type RuntimeOpener } from '../open-runtime.js';
import { assertWritable, readArchive, serverUrl, writeArchive } from './output-files.js';
import { withRuntime } from './operator.js';

const isLocked = (error: unknown) => (error as { code?: unknown } | null)?.code === 'data_folder_locked';

/** Asks the running server for the archive (`GET /backup`, an admin's access token). */
async function backupThroughServer(url: string, token: string | undefined): Promise<Uint8Array> {
  if (!token) {
    throw new DomainError(
      'unauthenticated',
      'The server holds the data folder: back up through it with --token <admin access token> (or CHATBUDDY_TOKEN)',
    );
  }
  const response = await fetch(`${url}/backup`, {
    headers: { authorization: `Bearer ${token}` },
  }).catch((error: unknown) => {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new DomainError(
      'dependency_unavailable',
      `Cannot reach the server at ${url} (${cause?.code ?? cause?.message ?? 'no answer'}); pass its address with --url`,
    );
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new DomainError(
      response.status === 403
        ? 'forbidden'
        : response.status === 401
          ? 'unauthenticated'
          : 'dependency_unavailable',
      `The server refused the backup (${response.status}): ${body?.error?.message ?? response.statusText}`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** `chatbuddy backup <file>` and `chatbuddy restore <file>`: the embedded database. */
export function registerBackupCommands(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('backup')
    .description(
      'Archive the embedded database to <file> (consistent; through the running server when it holds the data folder). Server mode: use pg_dump',
    )
    .argument('<file>', 'where to write the archive (.tar.gz); a folder gets chatbuddy-backup-<time>.tar.gz')
    .option('--url <url>', 'the running server (default: APP_BASE_URL, else http://127.0.0.1:PORT)')
    .option(
      '--token <token>',
      "an admin's access token, when the server holds the data folder (or CHATBUDDY_TOKEN)",
    )
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { url?: string; token?: string; json?: boolean }) => {
      const config = loadConfig();
      // Checked before the database is opened: a typo fails at once, not after the backup.
      const url = options.url
        ? serverUrl(options.url, '--url')
        : config.appBaseUrl
          ? serverUrl(config.appBaseUrl, 'APP_BASE_URL')
          : `http://127.0.0.1:${config.port}`;
      await assertWritable(file, { folder: true });
      let through: 'data folder' | 'server' = 'data folder';
      const archive = await withRuntime(openRuntime, (runtime) => runtime.backup()).catch(
        (error: unknown) => {
          if (!isLocked(error)) throw error;
          through = 'server';
          return backupThroughServer(url, options.token ?? process.env.CHATBUDDY_TOKEN);
        },
      );
      const written = await writeArchive(file, archive);
      print(
        io,
        Boolean(options.json),
        { file: written, bytes: archive.byteLength, through },
        () =>
          `Backed up the embedded database to ${written} (${archive.byteLength} bytes, through the ${through})`,
      );
    });
  program
    .command('restore')
    .description(
      'Restore an archive of `chatbuddy backup` into the data folder (refused while the server runs)',
    )
    .argument('<file>', 'the archive')
    .option(
      '--replace',
      'restore over an existing database (kept aside as pglite.replaced-<time>; the archive is checked first)',
    )
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { replace?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const archive = await readArchive(file);
      const { restoreEmbeddedBackup } = await import('@chatbuddy/runtime');
      const { replacedTo } = await restoreEmbeddedBackup(config, archive, {
        replace: Boolean(options.replace),
      });
      print(io, Boolean(options.json), { file, dataDir: config.dataDir, replacedTo }, () =>
        [
          `Restored ${file} into ${config.dataDir}`,
          ...(replacedTo ? [`The previous database is in ${replacedTo}`] : []),
        ].join('\n'),
      );
    });
}
