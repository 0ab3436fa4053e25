import { relative } from 'node:path';
import { isDomainError } from '@chatbuddy/core';

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

/** `1 chunk`, `2 chunks`. */
const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** One line per file, as the plain (non-TTY) progress shows it. */
export function describeFile(file: IngestedFile): string {
  const shown = displayPath(file.path);
  if (file.outcome === 'indexed') return `indexed ${shown} (${counted(file.chunks ?? 0, 'chunk')})`;
  return `${file.outcome} ${shown}: ${file.reason ?? file.code ?? 'unknown reason'}`;
}

/** The closing summary: counts, then every skipped and failed file with its reason. */
export function summarise(report: IngestReport): string {
  const { totals } = report;
  const lines = [
    `${counted(totals.files, 'file')}: ${totals.indexed} indexed (${counted(totals.chunks, 'chunk')}), ${totals.skipped} skipped, ${totals.failed} failed`,
  ];
  if (totals.notProcessed > 0) {
    lines.push(
      `Stopped (${report.stoppedBecause ?? 'interrupted'}): ${counted(totals.notProcessed, 'file')} not processed.`,
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
