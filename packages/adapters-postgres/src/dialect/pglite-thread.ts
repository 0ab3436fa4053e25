import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, Driver, QueryResult } from 'kysely';
import { type SingleConnection, SingleConnectionDialect, SingleConnectionDriver } from './pglite-dialect.js';
import {
  fromThreadError,
  type PgliteThreadAnswer,
  type PgliteThreadOptions,
  type PgliteThreadRequest,
  type PgliteThreadStarted,
} from './pglite-thread-protocol.js';

/**
 * The compiled worker next to this file; else its TypeScript source (tests, tsx), which needs tsx
 * and the source condition (given explicitly: inherited options may include flags that fail in a
 * worker).
 */
function workerEntry(): { file: string; execArgv?: string[] } {
  const compiled = fileURLToPath(new URL('./pglite.worker.js', import.meta.url));
  if (existsSync(compiled)) return { file: compiled };
  const source = fileURLToPath(new URL('./pglite.worker.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: source, execArgv: ['--conditions=@chatbuddy/source', '--import', tsx] };
}

type Request = PgliteThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/**
 * PGlite running in a worker thread. Its statements run beside this thread's JavaScript: while
 * the database works on one request's statement, the event loop here parses, retrieves and
 * answers others, so two cores serve concurrent requests. Each statement costs one message each
 * way: tens of microseconds between busy threads, hundreds when a sleeping thread must be woken
 * (decision 0029).
 */
export class PgliteThread {
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private sequence = 0;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: PgliteThreadAnswer) => {
      const call = this.pending.get(answer.id);
      if (!call) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.ok) call.resolve(answer.value);
      else call.reject(fromThreadError(answer.error));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`The database thread exited with code ${code}`)));
  }

  /** Starts the thread and opens the database in it. */
  static async open(options: PgliteThreadOptions): Promise<PgliteThread> {
    const { file, execArgv } = workerEntry();
    const worker = new Worker(file, { workerData: options, ...(execArgv && { execArgv }) });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The database thread exited with code ${code}`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (started: PgliteThreadStarted) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (started.kind === 'ready') resolve();
        else reject(fromThreadError(started.error));
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    worker.unref();
    return new PgliteThread(worker);
  }

  /** Runs one statement in the thread; with `begin`, opens a transaction first. */
  query<R>(sql: string, parameters: readonly unknown[], begin = false): Promise<QueryResult<R>> {
    return this.call({ kind: 'query', sql, parameters, ...(begin && { begin }) }) as Promise<QueryResult<R>>;
  }

  /** Requests sent to the thread so far (each is one round trip). */
  get requestsSent(): number {
    return this.sequence;
  }

  /** A gzip'd tar archive of the data folder (the caller holds the connection and checkpoints first). */
  dump(): Promise<Uint8Array> {
    return this.call({ kind: 'dump' }) as Promise<Uint8Array>;
  }

  /** Compacts the thread's heap (see the worker's `compactHeap`); false when V8's collector was unavailable. */
  compactHeap(): Promise<boolean> {
    return this.call({ kind: 'compact' }) as Promise<boolean>;
  }

  /** Closes the database, then the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.failure) await this.call({ kind: 'close' });
      } finally {
        this.failure ??= Object.assign(new Error('The database is closed'), { code: '57P01' });
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private call(request: Request): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.sequence;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A statement under way keeps the process alive, as a socket would.
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  private fail(error: Error): void {
    // A stopped thread is reported as the database going away (57P01), i.e. unavailable.
    this.failure ??= Object.assign(new Error(`The database thread stopped: ${error.message}`), {
      code: '57P01',
    });
    for (const call of this.pending.values()) call.reject(this.failure);
    this.pending.clear();
  }
}

class ThreadConnection implements SingleConnection {
  release: (() => void) | null = null;
  private unsentBegin = false;

  constructor(private readonly thread: PgliteThread) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const begin = this.unsentBegin;
    this.unsentBegin = false;
    return this.thread.query<R>(compiledQuery.sql, compiledQuery.parameters, begin);
  }

  beginWithNextStatement(): void {
    this.unsentBegin = true;
  }

  dropUnsentBegin(): boolean {
    const unsent = this.unsentBegin;
    this.unsentBegin = false;
    return unsent;
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this dialect.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not support streaming queries');
  }
}

/** Kysely dialect over PGlite in a worker thread (`PgliteThread`); same locking as `PGliteDialect`. */
export class PgliteThreadDialect extends SingleConnectionDialect {
  constructor(private readonly thread: PgliteThread) {
    super();
  }

  createDriver(): Driver {
    return new SingleConnectionDriver(new ThreadConnection(this.thread));
  }
}
