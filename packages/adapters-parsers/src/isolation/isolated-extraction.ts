import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unprocessableDocument } from '../parse-errors.js';
import type { ExtractionRequest, ExtractionResult } from './extraction-protocol.js';
import { defaultPoolSize, WorkerFailure, WorkerPool } from './worker-pool.js';

/** Bounds on one extraction in its worker thread. */
export interface IsolationLimits {
  /** The worker is terminated after this long; the file is then unprocessable. */
  timeoutMs: number;
  /** V8 heap of the worker; passing it terminates the worker. */
  maxMemoryMb: number;
}

export const defaultIsolationLimits: Readonly<IsolationLimits> = Object.freeze({
  timeoutMs: 30_000,
  maxMemoryMb: 512,
});

const formatNames = { pdf: 'PDF', docx: 'DOCX' } as const;

/** The compiled worker next to this file, else its TypeScript source (tests, tsx), which Node runs as is. */
function workerFile(): string {
  const compiled = fileURLToPath(new URL('./extraction.worker.js', import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./extraction.worker.ts', import.meta.url));
}

/** One pool per heap size, shared by every parser of the process. */
const pools = new Map<number, WorkerPool>();

function poolFor(maxMemoryMb: number): WorkerPool {
  let pool = pools.get(maxMemoryMb);
  if (!pool) {
    pool = new WorkerPool({ file: workerFile(), maxMemoryMb, size: defaultPoolSize, jobsPerWorker: 100 });
    pools.set(maxMemoryMb, pool);
  }
  return pool;
}

/**
 * Runs a PDF or DOCX library in a worker thread, so a hostile file can neither block the event loop
 * nor take the process's memory: past the deadline or the heap cap the worker is terminated.
 * @throws DomainError `unprocessable_document` (reason `timeout` or `too_complex`) when it is.
 */
export async function extractIsolated(
  request: ExtractionRequest,
  limits: IsolationLimits,
): Promise<ExtractionResult> {
  const format = formatNames[request.format];
  // A copy, transferred: the caller's bytes stay untouched and nothing is copied twice.
  const bytes = new Uint8Array(request.bytes);
  try {
    return await poolFor(limits.maxMemoryMb).run<ExtractionResult>(
      { ...request, bytes },
      [bytes.buffer],
      limits.timeoutMs,
    );
  } catch (failure) {
    if (!(failure instanceof WorkerFailure)) throw failure;
    if (failure.kind === 'timeout') {
      throw unprocessableDocument(`The ${format} file takes too long to read`, {
        reason: 'timeout',
        timeoutMs: limits.timeoutMs,
      });
    }
    if ((failure.cause as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw unprocessableDocument(
        `The ${format} file needs more memory to read than allowed`,
        { reason: 'too_complex', maxMemoryMb: limits.maxMemoryMb },
        failure.cause,
      );
    }
    throw failure;
  }
}
