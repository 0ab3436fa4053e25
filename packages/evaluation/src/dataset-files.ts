import { createReadStream, type Stats, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DomainError } from '@chatbuddy/core';

const reasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a part of the path is a file',
};

/** Why a file system call failed, in words (the code when there are none). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? (code || 'cannot be read');
}

/** A dataset the evaluation cannot use: one line saying which file and why. */
export function unusableDataset(path: string, what: string, why: string): DomainError {
  return new DomainError('invalid_input', `${path} is not ${what} (${why})`, {
    details: { path, reason: why },
  });
}

/** `statSync`, but a missing or unreadable path is `invalid_input` naming it. */
export function statDataset(path: string, what: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw unusableDataset(path, what, fileProblem(error));
  }
}

/**
 * The rows of a JSON Lines file, each checked by `check` (which returns what is wrong, or `null`).
 * @throws DomainError `invalid_input` naming the file and the first line that is not a valid row.
 */
export async function readJsonLines<T>(
  path: string,
  what: string,
  check: (row: Record<string, unknown>) => string | null,
): Promise<T[]> {
  const rows: T[] = [];
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw unusableDataset(path, what, `line ${number} is not JSON`);
      }
      const problem =
        typeof row === 'object' && row !== null && !Array.isArray(row)
          ? check(row as Record<string, unknown>)
          : 'is not a JSON object';
      if (problem) throw unusableDataset(path, what, `line ${number} ${problem}`);
      rows.push(row as T);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unusableDataset(path, what, fileProblem(error));
  } finally {
    input.destroy();
  }
  return rows;
}

/** `null` when `row[field]` is text (or a number, for ids), else what is wrong. */
export function textField(row: Record<string, unknown>, field: string, numbersToo = false): string | null {
  const value = row[field];
  if (typeof value === 'string' || (numbersToo && typeof value === 'number')) return null;
  return `has no "${field}" text`;
}
