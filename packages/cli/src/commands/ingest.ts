import { constants, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { DomainError, GetProject, UploadDocumentFile } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Command } from 'commander';
import { ExitStatus, partialFailureExitCode } from '../exit-status.js';
import { type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { mapPool, progressReporter } from './ingest-progress.js';
import { type CollectedFile, collectFiles, skip, specialFile } from './ingest-collect.js';
import {
  buildReport,
  displayPath,
  type IngestedFile,
  outcomeOfError,
  stopsTheRun,
  summarise,
} from './ingest-files.js';
import { integerOption, projectIdArgument } from './arguments.js';
import { operatorActor, withRuntime } from './operator.js';

const maxConcurrency = 16;
/**
 * Embedding runs in worker threads beside the main thread (which reads files, chunks and writes
 * the database): one per core beyond the first, unless EMBEDDING_WORKERS says otherwise.
 */
export const ingestEmbeddingWorkers = Math.max(1, availableParallelism() - 1);
/** Status after Ctrl-C (128 + SIGINT), as shells report it. */
const interruptedExitCode = 130;

const helpText = `
Outcomes:
  indexed  stored, chunked and embedded
  skipped  same content already in the project (duplicate), an empty file (0 bytes), a file
           type that is not supported (supported: txt, md, html, csv, tsv, json, pdf, docx), or
           an entry that is not read: a fifo, socket or device, or a symbolic link that leads
           out of the folder being ingested, to a folder, in a loop or to nothing
  failed   a supported file that could not be indexed: unreadable, corrupt, no text, too large,
           or the model provider failed. A failure every file would hit (provider down,
           embedding model mismatch) stops the run: the remaining files are not processed

Exit status: 0 when nothing failed (skipped files are fine), ${partialFailureExitCode} when any file failed,
${interruptedExitCode} when interrupted (Ctrl-C), another non-zero status when the run could not
start (bad arguments, unknown project).

Examples:
  chatbuddy ingest ./docs --project 3f0c…
  chatbuddy ingest faq.md pricing.pdf --project 3f0c… --json > report.json`;

/**
 * Opened without following a link (the walk resolved them) and without waiting on a fifo put in
 * the file's place since: what is read is the regular file that was checked.
 */
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

async function readRegularFile(
  runtime: ChatBuddy,
  file: CollectedFile,
): Promise<Uint8Array<ArrayBuffer> | IngestedFile> {
  const handle = await fs.open(file.source, openFlags);
  try {
    const stats = await handle.stat();
    const special = specialFile(file.path, stats);
    if (special) return special;
    if (stats.size === 0) return skip(file.path, 'empty_file', 'empty file, nothing to index');
    if (stats.size > runtime.config.maxUploadBytes) {
      throw new DomainError(
        'payload_too_large',
        `The file is larger than ${runtime.config.maxUploadBytes} bytes (MAX_UPLOAD_BYTES)`,
      );
    }
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

async function ingestOne(runtime: ChatBuddy, projectId: string, file: CollectedFile): Promise<IngestedFile> {
  const { path } = file;
  try {
    const bytes = await readRegularFile(runtime, file);
    if (!(bytes instanceof Uint8Array)) return bytes;
    const document = await runtime.get(UploadDocumentFile).execute(projectId, {
      filename: basename(path),
      bytes,
      metadata: { source: 'cli', path: displayPath(path) },
    });
    return { path, outcome: 'indexed', documentId: document.id, chunks: document.chunkCount };
  } catch (error) {
    return outcomeOfError(path, error);
  }
}

/** `chatbuddy ingest <paths…> --project <id>`: indexes files through the same use case as the API. */
export function registerIngestCommand(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('ingest')
    .description(
      'Index files and folders (recursively; dotfiles and node_modules are skipped) into a project',
    )
    .argument('<paths...>', 'files or folders')
    .requiredOption('--project <projectId>', 'project id (see projects list)')
    .option('--concurrency <count>', `files processed at once (1–${maxConcurrency})`, '2')
    .option('--json', 'print a machine-readable report on stdout (no progress lines)')
    .addHelpText('after', helpText)
    .action(async (paths: string[], options: { project: string; concurrency: string; json?: boolean }) => {
      const projectId = projectIdArgument(options.project);
      const concurrency =
        integerOption('--concurrency', options.concurrency, { min: 1, max: maxConcurrency }) ?? 2;
      const { files, skipped } = await collectFiles(paths);
      const json = Boolean(options.json);
      // Ctrl-C stops starting new files, lets the ones in flight finish, and still prints the
      // summary, so no document is left half-indexed; a second Ctrl-C exits at once. A failure
      // every file would hit (provider down, embedding model mismatch) stops the run the same way.
      let interrupted = false;
      let stoppedBecause: string | undefined;
      const onInterrupt = () => {
        interrupted = true;
        stoppedBecause = 'interrupted (Ctrl-C)';
        io.stderr('\nInterrupted: finishing the files in progress (Ctrl-C again to quit now)…\n');
      };
      const openForIngest: RuntimeOpener = (overrides, _defaults, openOptions) =>
        openRuntime(overrides, { embeddingWorkers: ingestEmbeddingWorkers }, openOptions);
      const report = await withRuntime(openForIngest, async (runtime) => {
        await runtime.get(GetProject).execute(operatorActor, projectId);
        const progress = progressReporter(io, files.length, json);
        process.once('SIGINT', onInterrupt);
        try {
          const done = await mapPool(
            files,
            concurrency,
            () => stoppedBecause !== undefined,
            async (file) => {
              const outcome = await ingestOne(runtime, projectId, file);
              progress.done(outcome);
              if (stopsTheRun(outcome)) stoppedBecause ??= `${outcome.code}: ${outcome.reason}`;
              return outcome;
            },
          );
          // The embedded database has no autovacuum: refresh statistics after a bulk load.
          if (done.some((file) => file.outcome === 'indexed')) await runtime.maintain();
          return buildReport(projectId, [...skipped, ...done], files.length - done.length, stoppedBecause);
        } finally {
          process.off('SIGINT', onInterrupt);
          progress.stop();
        }
      });
      const shown = {
        ...report,
        files: report.files.map((file) => ({ ...file, path: displayPath(file.path) })),
      };
      print(io, json, shown, () => (report.totals.files === 0 ? 'No files found.' : summarise(report)));
      if (interrupted) throw new ExitStatus(interruptedExitCode);
      if (report.totals.failed > 0) throw new ExitStatus(partialFailureExitCode);
    });
}
