import { DomainError } from '@chatbuddy/core';
import type { Logger } from '@chatbuddy/runtime';
import type { Context, Middleware } from 'koa';
import type { AppState } from '../routing/state.js';
import { eventLoopClock } from './event-loop-clock.js';
import { type ShutdownGate, shuttingDown } from './shutdown.js';

export interface LoadSheddingOptions {
  /** Requests handled at once; 0 turns shedding off. */
  maxConcurrent: number;
  /** How long a request may wait for a free slot before it is shed (0: shed at once when full). */
  maxQueueMs: number;
  /**
   * How long the event loop may have been busy without a turn when a request is read before that
   * request is shed at once (0: never). It sees the wait of requests that never yield, such as
   * chats on the embedded database, which the slots cannot.
   */
  maxLoopDelayMs?: number;
  /** Paths never queued nor shed (liveness and readiness probes). */
  exempt?: readonly string[];
  /** Path prefixes never queued nor shed (static files served from memory). */
  exemptPrefixes?: readonly string[];
  /**
   * Where shedding is reported: one warning when it starts, then one per `reportEveryMs` with the
   * number shed meanwhile, never a line per request (an overloaded server writing two log lines
   * per refusal would spend on them the time its admitted requests need).
   */
  logger?: Logger;
  /** Once it closes, requests still waiting for a slot are answered `503 shutting_down`. */
  shutdown?: ShutdownGate;
  /** Default 10 s. */
  reportEveryMs?: number;
  /**
   * Runs before a request takes (or waits for) a slot: what a client may do slowly without
   * holding one, such as sending its body (`receiveBodyFirst`).
   */
  beforeAdmission?: (ctx: Context) => Promise<void>;
  /**
   * Requests with slots and a queue of their own, which neither take nor wait for the shared
   * slots: the first lane whose `matches` is true takes the request.
   */
  lanes?: readonly Lane[];
}

/** A class of requests admitted apart from the rest (see `LoadSheddingOptions.lanes`). */
export interface Lane {
  matches: (method: string, path: string) => boolean;
  /** Requests of the lane handled at once (at least 1). */
  maxConcurrent: number;
  /** How long one may wait for a free slot of the lane before it is shed. */
  maxQueueMs: number;
  /** Requests that may wait at once; the next one is shed at once. Default: unbounded. */
  maxQueued?: number;
}

/** Counts shed requests and reports them to the log at most once per period (see `logger`). */
class ShedReport {
  private shedSinceReport = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly everyMs: number,
  ) {}

  record(): void {
    if (!this.logger) return;
    if (this.timer) {
      this.shedSinceReport += 1;
      return;
    }
    this.logger.warn({ shed: 1 }, 'overloaded: shedding requests (503 with Retry-After)');
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.shedSinceReport === 0) return;
      this.logger?.warn(
        { shed: this.shedSinceReport, periodSeconds: this.everyMs / 1000 },
        'overloaded: requests shed',
      );
      this.shedSinceReport = 0;
      this.schedule();
    }, this.everyMs);
    this.timer.unref();
  }
}

interface Waiter {
  admit: () => void;
  refuse: (error: DomainError) => void;
  timer: NodeJS.Timeout | undefined;
}

/** `maxConcurrent` slots handed over in arrival order to waiters of at most `maxQueueMs`. */
class Slots {
  private readonly queue: Waiter[] = [];
  private running = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueueMs: number,
    private readonly maxQueued: number,
    private readonly shed: () => DomainError,
  ) {}

  /** Resolves once the caller holds a slot (give it back with `release`). @throws `overloaded`. */
  async acquire(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running += 1;
      return;
    }
    if (this.maxQueueMs <= 0 || this.queue.length >= this.maxQueued) throw this.shed();
    // The slot is handed over by `release`, `running` unchanged.
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { admit: resolve, refuse: reject, timer: undefined };
      waiter.timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(this.shed());
      }, this.maxQueueMs);
      this.queue.push(waiter);
    });
  }

  /** Refuses every waiter with `error` (their requests are answered with it). */
  refuseWaiting(error: () => DomainError): void {
    for (const waiter of this.queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.refuse(error());
    }
  }

  release(): void {
    const next = this.queue.shift();
    if (!next) {
      this.running -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.admit();
  }
}

/**
 * `overloaded` (503) with a one-second `Retry-After`: the instance is busy, not the client
 * limited. Expected under load, so neither the error handler nor the access log reports each one
 * as a fault: `loadShedding` reports them in aggregate.
 */
export function overloaded(): DomainError {
  return new DomainError('overloaded', 'The server is busy; try again shortly', {
    retryAfterSeconds: 1,
    details: { retryAfterSeconds: 1 },
  });
}

/**
 * Admission control for an instance whose requests share one event loop: at most `maxConcurrent`
 * requests run; the next ones wait in arrival order, and a request still waiting after
 * `maxQueueMs` is answered at once with 503 `overloaded` and `Retry-After` rather than joining a
 * queue whose latency only grows. A request read after the loop has been busy for more than
 * `maxLoopDelayMs` without a turn is answered the same way before any work: it has waited that
 * long in its socket, unseen by the slots. 429 stays for rate and quota limits (decision 0017).
 * Requests of a lane (uploads and reindexing: seconds of work each) wait for slots of their own,
 * so a burst of them neither holds the shared slots nor starves the short requests behind it.
 */
export function loadShedding(options: LoadSheddingOptions): Middleware<AppState> {
  const exempt = new Set(options.exempt ?? ['/health', '/ready']);
  const exemptPrefixes = options.exemptPrefixes ?? [];
  const isExempt = (path: string) =>
    exempt.has(path) || exemptPrefixes.some((prefix) => path.startsWith(prefix));
  const maxLoopDelayMs = options.maxLoopDelayMs ?? 0;
  const report = new ShedReport(options.logger, options.reportEveryMs ?? 10_000);
  const shed = () => {
    report.record();
    return overloaded();
  };
  const shared = new Slots(options.maxConcurrent, options.maxQueueMs, Number.POSITIVE_INFINITY, shed);
  const lanes = (options.lanes ?? []).map((lane) => ({
    matches: lane.matches,
    slots: new Slots(
      Math.max(1, lane.maxConcurrent),
      lane.maxQueueMs,
      lane.maxQueued ?? Number.POSITIVE_INFINITY,
      shed,
    ),
  }));
  options.shutdown?.onClose(() => {
    for (const slots of [shared, ...lanes.map((lane) => lane.slots)]) slots.refuseWaiting(shuttingDown);
  });
  return async (ctx, next) => {
    if (options.maxConcurrent <= 0 || isExempt(ctx.path)) return next();
    if (maxLoopDelayMs > 0 && eventLoopClock.busyMs() > maxLoopDelayMs) throw shed();
    if (options.beforeAdmission) await options.beforeAdmission(ctx);
    const slots = lanes.find((lane) => lane.matches(ctx.method, ctx.path))?.slots ?? shared;
    await slots.acquire();
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      slots.release();
    };
    ctx.state.releaseSlot = release;
    try {
      await next();
    } finally {
      release();
    }
  };
}
