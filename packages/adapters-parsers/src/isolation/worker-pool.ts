import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** A job's end that is not an answer: the deadline passed, or the worker died (its `cause` says why). */
export class WorkerFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'crashed',
    cause?: unknown,
  ) {
    super(kind === 'timeout' ? 'The worker passed its deadline' : 'The worker died', { cause });
    this.name = 'WorkerFailure';
  }
}

interface PoolOptions {
  file: string;
  maxMemoryMb: number;
  /** Workers alive at once; more jobs wait for one to be free. */
  size: number;
  /** A worker is replaced after this many jobs, so whatever a library leaks does not add up. */
  jobsPerWorker: number;
}

interface PooledWorker {
  worker: Worker;
  jobs: number;
}

/**
 * Worker threads that answer one message with one message, reused between jobs (starting one and
 * loading PDF.js costs a few hundred milliseconds). A worker past its deadline, or one that dies,
 * is terminated and never reused. Idle workers do not keep the process alive.
 */
export class WorkerPool {
  private readonly idle: PooledWorker[] = [];
  private readonly waiting: Array<() => void> = [];
  private alive = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Sends `message` to a free worker; resolves with its answer, or rejects with a WorkerFailure. */
  async run<T>(message: unknown, transfer: ArrayBuffer[], timeoutMs: number): Promise<T> {
    const pooled = await this.acquire();
    return new Promise<T>((resolve, reject) => {
      const { worker } = pooled;
      const end = (outcome: () => void, reusable: boolean) => {
        clearTimeout(deadline);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        outcome();
        this.release(pooled, reusable);
      };
      const onMessage = (answer: T) => end(() => resolve(answer), true);
      const onError = (error: Error) => end(() => reject(new WorkerFailure('crashed', error)), false);
      const onExit = (code: number) =>
        end(
          () => reject(new WorkerFailure('crashed', new Error(`The worker exited with code ${code}`))),
          false,
        );
      const deadline = setTimeout(() => end(() => reject(new WorkerFailure('timeout')), false), timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(message, transfer);
    });
  }

  private async acquire(): Promise<PooledWorker> {
    for (;;) {
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.alive < this.options.size) {
        this.alive++;
        const worker = new Worker(this.options.file, {
          resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb, maxYoungGenerationSizeMb: 32 },
        });
        worker.unref();
        return { worker, jobs: 0 };
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(pooled: PooledWorker, reusable: boolean): void {
    pooled.jobs++;
    if (reusable && pooled.jobs < this.options.jobsPerWorker) this.idle.push(pooled);
    else {
      this.alive--;
      void pooled.worker.terminate();
    }
    this.waiting.shift()?.();
  }
}

/** One worker fewer than the cores, at least one: parsing must leave a core to the server. */
export const defaultPoolSize = Math.max(1, availableParallelism() - 1);
