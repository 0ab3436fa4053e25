import { Worker } from 'node:worker_threads';

/** A job's end that is not an answer: the worker died (its `cause` says why) or the pool closed. */
export class WorkerFailure extends Error {
  constructor(
    readonly kind: 'crashed' | 'closed',
    cause?: unknown,
  ) {
    super(kind === 'crashed' ? 'The worker died' : 'The worker pool is closed', { cause });
    this.name = 'WorkerFailure';
  }
}

export interface WorkerPoolOptions {
  /** The worker's entry file (absolute path). */
  file: string;
  /** Node options of the workers (default: the process's own). */
  execArgv?: string[];
  /** Workers alive at once; more jobs wait in arrival order. */
  size: number;
  /** A worker with nothing to do for this long is stopped; the next job starts a new one. */
  idleMs: number;
}

interface Job {
  message: unknown;
  transfer: ArrayBuffer[];
  resolve: (answer: unknown) => void;
  reject: (error: unknown) => void;
}

interface PooledWorker {
  worker: Worker;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Worker threads that answer one message with one message. Workers start when jobs come (an idle
 * process starts none), stop after `idleMs` without a job, and are replaced when one dies (its
 * job is rejected with a WorkerFailure). A worker holds the process open only while it has a job;
 * `close()` stops them all.
 */
export class WorkerPool {
  private readonly workers = new Set<PooledWorker>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Workers alive now (for tests and metrics). */
  get size(): number {
    return this.workers.size;
  }

  /** Sends `message` to a free worker; resolves with its answer, or rejects with a WorkerFailure. */
  run<T>(message: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new WorkerFailure('closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ message, transfer, resolve: resolve as (answer: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; jobs in flight or waiting are rejected with a WorkerFailure `closed`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerFailure('closed'));
    const stopping = [...this.workers].map((pooled) => this.stop(pooled, new WorkerFailure('closed')));
    await Promise.all(stopping);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let free = [...this.workers].find((pooled) => pooled.job === null);
      if (!free && this.workers.size < this.options.size) free = this.start();
      if (!free) return;
      const job = this.queue.shift()!;
      if (free.idleTimer) clearTimeout(free.idleTimer);
      free.idleTimer = null;
      free.job = job;
      free.worker.ref();
      free.worker.postMessage(job.message, job.transfer);
    }
  }

  private start(): PooledWorker {
    const worker = new Worker(this.options.file, {
      ...(this.options.execArgv ? { execArgv: this.options.execArgv } : {}),
    });
    const pooled: PooledWorker = { worker, job: null, idleTimer: null };
    worker.on('message', (answer: unknown) => {
      const job = pooled.job;
      pooled.job = null;
      this.idle(pooled);
      job?.resolve(answer);
      this.dispatch();
    });
    worker.on('error', (error) => void this.stop(pooled, new WorkerFailure('crashed', error)));
    worker.on('exit', (code) => {
      const cause = new Error(`The worker exited with code ${code}`);
      void this.stop(pooled, new WorkerFailure(this.closed ? 'closed' : 'crashed', cause));
    });
    this.workers.add(pooled);
    return pooled;
  }

  private idle(pooled: PooledWorker): void {
    pooled.worker.unref();
    pooled.idleTimer = setTimeout(() => void this.stop(pooled), this.options.idleMs);
    pooled.idleTimer.unref();
  }

  /** Forgets and terminates `pooled`, rejecting its job with `failure`; queued jobs go to the others. */
  private async stop(pooled: PooledWorker, failure?: WorkerFailure): Promise<void> {
    if (!this.workers.delete(pooled)) return;
    if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
    const job = pooled.job;
    pooled.job = null;
    if (job) job.reject(failure ?? new WorkerFailure('closed'));
    await pooled.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
