import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DomainError, type EmbedOptions, type Embedder } from '@chatbuddy/core';
import { LocalEmbedder } from '../local-embedder.js';
import type { EmbeddingAnswer, EmbeddingRequest, LocalEmbedderSettings } from './embedding-protocol.js';
import { WorkerFailure, WorkerPool } from './worker-pool.js';

export interface EmbeddingWorkerOptions {
  /** Worker threads at most (each holds its own copy of the term weights, a few MiB). */
  workers: number;
  /** A worker with nothing to embed for this long stops (default 30 s). */
  idleMs?: number;
}

/**
 * The compiled worker next to this file; else its TypeScript source (tests, tsx), which imports
 * the workspace's sources and so needs tsx and the source condition (given explicitly: a worker
 * inheriting the process's options would also inherit flags such as `--input-type`, which fail).
 */
function workerEntry(): { file: string; execArgv?: string[] } {
  const compiled = fileURLToPath(new URL('./local-embedder.worker.js', import.meta.url));
  if (existsSync(compiled)) return { file: compiled };
  const source = fileURLToPath(new URL('./local-embedder.worker.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: source, execArgv: ['--conditions=@chatbuddy/source', '--import', tsx] };
}

/** One pool per process and size, shared by the embedders of every version. */
export function createEmbeddingWorkerPool(options: EmbeddingWorkerOptions): WorkerPool {
  return new WorkerPool({ ...workerEntry(), size: options.workers, idleMs: options.idleMs ?? 30_000 });
}

/**
 * `LocalEmbedder` whose document batches are embedded in worker threads, so the CPU work of an
 * upload runs beside the main thread's (the database, the next file). The vectors are the same to
 * the bit: the worker runs the same code on the same settings. Queries (one short text, answered
 * while a visitor waits) stay on the main thread, where a hop to a worker would only add latency.
 */
export class PooledLocalEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  /** Computed here, with no network call. */
  readonly inProcess = true;
  private readonly inThread: LocalEmbedder;

  constructor(
    private readonly pool: WorkerPool,
    private readonly settings: LocalEmbedderSettings = {},
  ) {
    this.inThread = new LocalEmbedder(settings);
    this.model = this.inThread.model;
    this.dimensions = this.inThread.dimensions;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    if (options.purpose === 'query' || texts.length === 0) return this.inThread.embed(texts, options);
    if (options.signal?.aborted) throw new DomainError('provider_error', 'The embedding call was cancelled');
    const request: EmbeddingRequest = { settings: this.settings, texts };
    let answer: EmbeddingAnswer;
    try {
      answer = await this.pool.run<EmbeddingAnswer>(request);
    } catch (error) {
      if (!(error instanceof WorkerFailure)) throw error;
      throw new DomainError('provider_error', 'The local embedder stopped before answering', {
        retryable: error.kind === 'crashed',
        cause: error,
      });
    }
    if (answer.kind === 'error') {
      if (!answer.code) throw new Error(answer.message);
      const { code, message, details, retryable } = answer;
      throw new DomainError(code, message, { details, retryable });
    }
    const vectors: number[][] = [];
    for (let offset = 0; offset < answer.values.length; offset += this.dimensions) {
      vectors.push(Array.from(answer.values.subarray(offset, offset + this.dimensions)));
    }
    return vectors;
  }
}
