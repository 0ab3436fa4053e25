/** Messages between the main thread and the thread that runs PGlite (see pglite-thread.ts). */

/** What the thread is started with (`workerData`). */
export interface PgliteThreadOptions {
  /** The data folder, or 'memory'. */
  dataDir: string;
  /** PGlite's start parameters (`pgliteStartParams()`). */
  startParams: string[];
  /** Distinct statements kept prepared. */
  statementCacheSize: number;
}

export type PgliteThreadRequest =
  /** With `begin`, the thread opens a transaction first (the begin travels with its first statement). */
  | { id: number; kind: 'query'; sql: string; parameters: readonly unknown[]; begin?: boolean }
  | { id: number; kind: 'dump' }
  | { id: number; kind: 'compact' }
  | { id: number; kind: 'close' };

/** The fields of an error thrown in the thread (a database error's code, constraint, detail…). */
export type ThreadError = { name: string; message: string } & Record<string, unknown>;

export type PgliteThreadAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ThreadError };

/** Sent once when the database is open, or could not be opened. */
export type PgliteThreadStarted = { kind: 'ready' } | { kind: 'failed'; error: ThreadError };

/** An error as plain fields that survive a structured clone (its class and stack do not). */
export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields: ThreadError = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error))
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  return fields;
}

/** The error again, on this side: an `Error` carrying the same fields. */
export function fromThreadError(fields: ThreadError): Error {
  const { name, message, ...rest } = fields;
  const error = Object.assign(new Error(message), rest);
  error.name = name;
  return error;
}
