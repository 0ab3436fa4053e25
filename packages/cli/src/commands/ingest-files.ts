import { type Dirent, promises as fs } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DomainError, isDomainError } from '@chatbuddy/core';

/** What happened to one file. */
export interface IngestedFile {
  path: string;
  outcome: 'indexed' | 'skipped' | 'failed';
  /** The new document, or for a duplicate the document that already holds the content. */
  documentId?: string;
  chunks?: number;
  /** Error code for skipped and failed files. */
  code?: string;
  reason?: string;
}

export interface IngestReport {
  projectId: string;
  /** Why the run stopped before the last file (Ctrl-C, or a failure every file would hit). */
  stoppedBecause?: string;
  totals: {
    files: number;
    indexed: number;
    skipped: number;
    failed: number;
    /** Files not started because the run was interrupted. */
    notProcessed: number;
    chunks: number;
  };
  files: IngestedFile[];
}

/** Error codes that skip a file rather than fail it: nothing to do, or a type we do not read. */
const skippedCodes = new Set(['duplicate_document', 'unsupported_media_type']);

const ignoredNames = new Set(['node_modules']);

/** Failures that are not about the file: every other file would fail the same way. */
const runStoppingCodes = new Set([
  'provider_error',
  'provider_unavailable',
  'provider_timeout',
  'dependency_unavailable',
  'embedding_model_mismatch',
  'token_limit_exceeded',
  'project_not_found',
]);

/** Whether this outcome should stop the run instead of trying the remaining files. */
export function stopsTheRun(file: IngestedFile): boolean {
  return file.outcome === 'failed' && runStoppingCodes.has(file.code ?? '');
}

/** `path` as shown to the operator: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') ? shown : path;
}

async function walk(directory: string, found: Set<string>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    throw notReadable(directory, error);
  }
  entries.sort((left, right) => left.name.localeCompare(right.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || ignoredNames.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, found);
    // Symbolic links are followed to files only, so a link cycle cannot loop forever.
    else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) found.add(path);
  }
}

async function isFile(path: string): Promise<boolean> {
  return fs.stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

function notReadable(path: string, error: unknown): DomainError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
  return new DomainError('invalid_input', `${displayPath(path)}: ${why}`, {
    details: { issues: [{ path: displayPath(path), message: why, code: 'custom' }] },
  });
}

/**
 * The files named by `paths`, folders walked recursively (skipping dotfiles, dot-folders and
 * node_modules), absolute, without repeats, in a stable order.
 * @throws DomainError `invalid_input` when a path does not exist or cannot be read.
 */
export async function collectFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths.map((entry) => resolve(entry))) {
    const stats = await fs.stat(path).catch((error: unknown) => {
      throw notReadable(path, error);
    });
    if (stats.isDirectory()) await walk(path, found);
    else found.add(path);
  }
  return [...found];
}

/** Classifies a failed upload: duplicates and unsupported types are skipped, the rest failed. */
export function outcomeOfError(path: string, error: unknown): IngestedFile {
  if (!isDomainError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { path, outcome: 'failed', code: 'internal_error', reason: message };
  }
  const details = (error.details ?? {}) as { documentId?: string };
  return {
    path,
    outcome: skippedCodes.has(error.code) ? 'skipped' : 'failed',
    code: error.code,
    reason:
      error.code === 'duplicate_document'
        ? `same content as document ${details.documentId ?? '?'}`
        : error.message,
    ...(details.documentId ? { documentId: details.documentId } : {}),
  };
}

/** Totals of a finished run. */
export function buildReport(
  projectId: string,
  files: IngestedFile[],
  notProcessed = 0,
  stoppedBecause?: string,
): IngestReport {
  const count = (outcome: IngestedFile['outcome']) => files.filter((file) => file.outcome === outcome).length;
  return {
    projectId,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    totals: {
      files: files.length + notProcessed,
      indexed: count('indexed'),
      skipped: count('skipped'),
      failed: count('failed'),
      notProcessed,
      chunks: files.reduce((sum, file) => sum + (file.chunks ?? 0), 0),
    },
    files,
  };
}

/** One line per file, as the plain (non-TTY) progress shows it. */
export function describeFile(file: IngestedFile): string {
  const shown = displayPath(file.path);
  if (file.outcome === 'indexed') return `indexed ${shown} (${file.chunks ?? 0} chunks)`;
  return `${file.outcome} ${shown}: ${file.reason ?? file.code ?? 'unknown reason'}`;
}

/** The closing summary: counts, then every skipped and failed file with its reason. */
export function summarise(report: IngestReport): string {
  const { totals } = report;
  const lines = [
    `${totals.files} file(s): ${totals.indexed} indexed (${totals.chunks} chunks), ${totals.skipped} skipped, ${totals.failed} failed`,
  ];
  if (totals.notProcessed > 0) {
    lines.push(
      `Stopped (${report.stoppedBecause ?? 'interrupted'}): ${totals.notProcessed} file(s) not processed.`,
    );
  }
  for (const outcome of ['skipped', 'failed'] as const) {
    const files = report.files.filter((file) => file.outcome === outcome);
    if (files.length === 0) continue;
    lines.push(`${outcome[0]!.toUpperCase()}${outcome.slice(1)}:`);
    for (const file of files) lines.push(`  ${displayPath(file.path)}: ${file.reason ?? file.code}`);
  }
  return lines.join('\n');
}
