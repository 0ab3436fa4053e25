import { isDomainError } from '@chatbuddy/core';
import type { DataFolderLockedError } from '@chatbuddy/runtime';
import { ConfigError } from '@chatbuddy/runtime/config';
import {
  configErrorExitCode,
  exitCodeByErrorCode,
  lockedExitCode,
  unexpectedErrorExitCode,
} from './exit-codes.js';

/** Where a command writes; tests pass buffers. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Prints `value` as JSON (for `--json`) or through `human`. */
export function print(io: CommandIo, json: boolean, value: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Recognised by its code, so that reporting errors does not load the whole runtime. */
function isDataFolderLocked(error: unknown): error is DataFolderLockedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'data_folder_locked';
}

/** Reports an error the way scripts and people expect; returns the exit status. */
export function reportError(io: CommandIo, error: unknown, json: boolean): number {
  if (error instanceof ConfigError) {
    io.stderr(
      json
        ? `${JSON.stringify({ error: { code: 'invalid_config', message: error.message, details: error.problems } })}\n`
        : `${error.message}\n`,
    );
    return configErrorExitCode;
  }
  if (isDataFolderLocked(error)) {
    const body = { error: { code: error.code, message: error.message, details: { pid: error.pid } } };
    io.stderr(json ? `${JSON.stringify(body)}\n` : `Error (${error.code}): ${error.message}\n`);
    return lockedExitCode;
  }
  if (isDomainError(error)) {
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
    io.stderr(json ? `${JSON.stringify(body)}\n` : `Error (${error.code}): ${error.message}\n`);
    return exitCodeByErrorCode[error.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    json
      ? `${JSON.stringify({ error: { code: 'internal_error', message } })}\n`
      : `Unexpected error: ${message}\n`,
  );
  return unexpectedErrorExitCode;
}

/** Rows as left-aligned columns under a header, two spaces apart. */
export function alignedTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Whether output goes to a person at a terminal (progress bars, confirmations). */
export function isInteractive(io: CommandIo): boolean {
  return io === processIo && Boolean(process.stderr.isTTY) && Boolean(process.stdin.isTTY);
}
