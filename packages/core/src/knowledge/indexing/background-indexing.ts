import { DomainError } from '../../shared/domain-error.js';
import type { Logger } from '../../ports/logger.port.js';

export interface BackgroundIndexingOptions {
  /** Indexing runs under way at once. */
  concurrency: number;
  /** Accepted runs waiting for one of those places; a caller past it waits for room. */
  backlog: number;
  /** Callers waiting for room at most; the next is refused `overloaded` at once. */
  maxWaitingForRoom: number;
}

export const defaultBackgroundIndexingOptions: Readonly<BackgroundIndexingOptions> = Object.freeze({
  concurrency: 2,
  backlog: 16,
  maxWaitingForRoom: 64,
});

/** A place in the queue, taken before the document is stored. */
export interface IndexingPlace {
  /**
   * Runs `work` in this place, now or once a run ahead of it ends; `drop` instead if the queue
   * closes for good before its turn.
   */
  start(work: () => Promise<unknown>, drop?: () => void): void;
  /** Gives the place back unused (the document could not be stored). */
  cancel(): void;
  /**
   * Aborted when the queue, closing, stops waiting for its runs: a run still under way then stops
   * at its next step (its document ends `failed`, `interrupted`, or is left to the repair pass if
   * the database is gone) instead of holding the database open.
   */
  readonly signal: AbortSignal;
}

/** The first `close`'s deadline: `reached` resolves when it passes (or once nothing is left). */
interface Deadline {
  reached: Promise<void>;
  reach: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** How long runs told to stop at the close deadline get to stop before `close` returns. */
const stopGraceMs = 1_000;

/**
 * The uploads answered before they are indexed (`Prefer: respond-async`): their indexing runs
 * here, `concurrency` at a time, with at most `backlog` waiting. A caller takes a place before
 * storing its document and waits while the backlog is full, so a client that sends one upload
 * after another is held back by the indexing, and memory holds at most `concurrency + backlog`
 * documents. A run records its own outcome on the document (`ready` or `failed`); what it throws
 * is logged here. `close` refuses new places and waits for what it accepted, up to a deadline.
 */
export class BackgroundIndexing {
  private readonly options: BackgroundIndexingOptions;
  private running = 0;
  /** Places taken and not yet started, cancelled or run. */
  private taken = 0;
  private readonly ready: Array<{ work: () => Promise<unknown>; drop?: (() => void) | undefined }> = [];
  private readonly waitingForRoom: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private closed = false;
  /** Aborted once `close` has stopped waiting: runs still under way stop at their next step. */
  private readonly abandoned = new AbortController();
  /** When the first `close` stops waiting. */
  private deadline: Deadline | null = null;

  constructor(
    private readonly logger: Logger,
    options: Partial<BackgroundIndexingOptions> = {},
  ) {
    this.options = { ...defaultBackgroundIndexingOptions, ...options };
    const { concurrency, backlog, maxWaitingForRoom } = this.options;
    if (!(concurrency >= 1) || !(backlog >= 0) || !(maxWaitingForRoom >= 0)) {
      throw new RangeError('concurrency must be at least 1, backlog and maxWaitingForRoom at least 0');
    }
  }

  /** Runs under way and accepted runs waiting. */
  get size(): number {
    return this.running + this.taken + this.ready.length;
  }

  /**
   * A place for one run, once there is room. `beforeWaiting` is called once when the caller has
   * to wait for it (an HTTP request gives back its slot then).
   * @throws DomainError `shutting_down` once closing; `overloaded` (retry after a second) when
   *   `maxWaitingForRoom` callers wait already.
   */
  async place(beforeWaiting?: () => void): Promise<IndexingPlace> {
    let waited = false;
    while (!this.closed && this.size >= this.options.concurrency + this.options.backlog) {
      if (this.waitingForRoom.length >= this.options.maxWaitingForRoom) throw busyError();
      if (!waited) beforeWaiting?.();
      waited = true;
      await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
    }
    if (this.closed) throw closedError();
    this.taken += 1;
    let used = false;
    const use = () => {
      if (used) throw new Error('An indexing place is used once');
      used = true;
      this.taken -= 1;
    };
    return {
      start: (work, drop) => {
        use();
        this.ready.push({ work, drop });
        this.next();
      },
      cancel: () => {
        use();
        this.settled();
      },
      signal: this.abandoned.signal,
    };
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Refuses new places (callers waiting for room get `shutting_down`) and waits for the rest, at
   * most `waitMs`. Resolves with how many runs were still under way or waiting then (0: all done);
   * those hold their leases until they expire, and the repair pass releases them. The first
   * call's deadline holds for later calls too: a stop that begins closing early, beside the HTTP
   * drain, and the runtime's close then share one deadline instead of waiting twice.
   */
  close(waitMs = Number.POSITIVE_INFINITY): Promise<number> {
    if (!this.deadline) {
      let reach!: () => void;
      const reached = new Promise<void>((resolve) => {
        reach = resolve;
      });
      const timer = Number.isFinite(waitMs) ? setTimeout(reach, waitMs) : undefined;
      this.deadline = { reached, reach, timer };
    }
    return this.closeWithin(waitMs, this.deadline);
  }

  private async closeWithin(waitMs: number, deadline: Deadline): Promise<number> {
    this.closed = true;
    for (const wake of this.waitingForRoom.splice(0)) wake();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = Number.isFinite(waitMs)
      ? new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        })
      : new Promise<void>(() => undefined);
    await Promise.race([this.idle(), late, deadline.reached]);
    clearTimeout(timer);
    if (this.size === 0) {
      clearTimeout(deadline.timer);
      deadline.reach();
    }
    // Runs that did not start in time never will: each is told, and its document left to repair.
    const dropped = this.ready.splice(0);
    for (const { drop } of dropped) drop?.();
    const left = dropped.length + this.size;
    this.settled();
    // Runs still under way are told to stop, and given a moment to, so that the database does
    // not close under them (nor wait for them, as a pool of connections would).
    if (this.running > 0 && Number.isFinite(waitMs)) {
      this.abandoned.abort(closedError());
      await Promise.race([this.idle(), new Promise<void>((resolve) => setTimeout(resolve, stopGraceMs))]);
    }
    return left;
  }

  private next(): void {
    while (this.running < this.options.concurrency && this.ready.length > 0) {
      const { work } = this.ready.shift()!;
      this.running += 1;
      void Promise.resolve()
        .then(work)
        .catch((error: unknown) => this.logger.warn('a document indexed in the background failed', { error }))
        .finally(() => {
          this.running -= 1;
          this.next();
          this.settled();
        });
    }
  }

  private settled(): void {
    this.waitingForRoom.shift()?.();
    if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function busyError(): DomainError {
  return new DomainError(
    'overloaded',
    'Too many documents are waiting to be indexed; send it again shortly',
    {
      retryAfterSeconds: 1,
      details: { retryAfterSeconds: 1 },
    },
  );
}

function closedError(): DomainError {
  return new DomainError('shutting_down', 'The server is shutting down; send the document again shortly');
}
