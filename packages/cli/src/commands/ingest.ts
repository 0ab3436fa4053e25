import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { DomainError, GetProject, UploadDocumentFile } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ExitStatus, partialFailureExitCode } from '../exit-status.js';
import { type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import {
  buildReport,
  collectFiles,
  describeFile,
  displayPath,
  type IngestedFile,
  outcomeOfError,
  summarise,
} from './ingest-files.js';
import { integerOption, isInteractive, operatorActor, projectIdArgument, withRuntime } from './operator.js';

const maxConcurrency = 16;

const helpText = `
Outcomes:
  indexed  stored, chunked and embedded
  skipped  same content already in the project (duplicate), or a file type that is not
           supported (supported: txt, md, html, csv, tsv, json, pdf, docx)
  failed   a supported file that could not be indexed: unreadable, corrupt, empty, too large,
           or the model provider failed

Exit status: 0 when nothing failed (skipped files are fine), ${partialFailureExitCode} when any file failed,
another non-zero status when the run could not start (bad arguments, unknown project).

Examples:
  chatbuddy ingest ./docs --project 3f0c…
  chatbuddy ingest faq.md pricing.pdf --project 3f0c… --json > report.json`;

async function ingestOne(runtime: ChatBuddy, projectId: string, path: string): Promise<IngestedFile> {
  try {
    const { size } = await fs.stat(path);
    if (size > runtime.config.maxUploadBytes) {
      throw new DomainError(
        'payload_too_large',
        `The file is larger than ${runtime.config.maxUploadBytes} bytes (MAX_UPLOAD_BYTES)`,
      );
    }
    const bytes = new Uint8Array(await fs.readFile(path));
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

/** Progress on the terminal: a bar on a TTY, one line per file otherwise (none with --json). */
function progressReporter(io: CommandIo, total: number, json: boolean) {
  if (isInteractive(io)) {
    const bar = new SingleBar(
      { format: '{bar} {value}/{total} files | {file}', hideCursor: true, stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(total, 0, { file: '' });
    return {
      done: (file: IngestedFile) => bar.increment({ file: displayPath(file.path) }),
      stop: () => bar.stop(),
    };
  }
  let finished = 0;
  return {
    done: (file: IngestedFile) => {
      finished += 1;
      if (!json) io.stderr(`[${finished}/${total}] ${describeFile(file)}\n`);
    },
    stop: () => {},
  };
}

/** Runs `work` on every item with at most `concurrency` at a time; results in input order. */
async function mapPool<Item, Result>(
  items: readonly Item[],
  concurrency: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
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
      const concurrency = integerOption('--concurrency', options.concurrency) ?? 2;
      if (concurrency < 1 || concurrency > maxConcurrency) {
        throw new DomainError('invalid_input', `--concurrency must be between 1 and ${maxConcurrency}`);
      }
      const files = await collectFiles(paths);
      const json = Boolean(options.json);
      const report = await withRuntime(openRuntime, async (runtime) => {
        await runtime.get(GetProject).execute(operatorActor, projectId);
        const progress = progressReporter(io, files.length, json);
        try {
          return buildReport(
            projectId,
            await mapPool(files, concurrency, async (path) => {
              const outcome = await ingestOne(runtime, projectId, path);
              progress.done(outcome);
              return outcome;
            }),
          );
        } finally {
          progress.stop();
        }
      });
      const shown = {
        ...report,
        files: report.files.map((file) => ({ ...file, path: displayPath(file.path) })),
      };
      print(io, json, shown, () => (files.length === 0 ? 'No files found.' : summarise(report)));
      if (report.totals.failed > 0) throw new ExitStatus(partialFailureExitCode);
    });
}
