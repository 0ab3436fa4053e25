import { DomainError } from '@chatbuddy/core';
import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
import type { AppState } from '../routing/state.js';
import { envelope } from './error-handler.js';

/** `shutting_down` (503, retry after a second): the instance is stopping, another one (or it, restarted) will answer. */
export function shuttingDown(): DomainError {
  return new DomainError('shutting_down', 'The server is restarting; send the request again shortly', {
    retryAfterSeconds: 1,
  });
}

/**
 * What a graceful stop needs to know of the requests under way. Once `close` is called, a request
 * that arrives on a kept-alive connection, or that still waits for a slot, is answered `503
 * shutting_down` with `Retry-After` and `Connection: close` instead of being started; the requests
 * already started run on. At the deadline, `answerUnfinished` answers those still without a response
 * the same way, so that no client is left with a connection closed without an answer, and what
 * they still do once the database is closed is not reported as a server fault.
 */
export class ShutdownGate {
  private closed = false;
  private readonly active = new Set<Context>();
  private readonly closeListeners: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  get closing(): boolean {
    return this.closed;
  }

  /** Runs `listener` once, when the gate closes (at once if it has). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** The middleware: refuses requests once closing, and keeps count of those under way. */
  middleware(): Middleware<AppState> {
    return async (ctx, next) => {
      if (this.closed) {
        ctx.set('Connection', 'close');
        throw shuttingDown();
      }
      this.active.add(ctx);
      try {
        await next();
      } finally {
        // Answered after the signal: the client must not send its next request on this
        // connection, which the stop closes as soon as it is idle.
        if (this.closed && !ctx.res.headersSent) ctx.set('Connection', 'close');
        this.active.delete(ctx);
        if (this.active.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /**
   * Answers every started request that has no response yet `503 shutting_down` (the error
   * envelope, `Retry-After: 1`, `Connection: close`).
   */
  answerUnfinished(): void {
    for (const ctx of this.active) {
      const { res } = ctx;
      if (res.headersSent || res.writableEnded || res.destroyed) continue;
      const error = shuttingDown();
      const body = JSON.stringify(envelope(error.code, error.message, ctx.state.requestId));
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'retry-after': '1',
        'x-content-type-options': 'nosniff',
        connection: 'close',
        ...(ctx.state.requestId ? { 'x-request-id': String(ctx.state.requestId) } : {}),
      });
      res.end(body);
    }
  }

  /**
   * Whether a failure happened to a request the shutdown already answered or cut off: the
   * database closed under it, its connection was closed. Not a server fault; nothing can be sent
   * any more.
   */
  endedFor(ctx: Context): boolean {
    return this.closed && (ctx.res.headersSent || ctx.res.writableEnded || ctx.res.destroyed);
  }

  /** Resolves once no started request is running, or after `waitMs`. */
  idle(waitMs: number): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      timer.unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

const gates = new WeakMap<Koa<any, any>, ShutdownGate>();

/** The shutdown gate of an app made by `createHttpApp` (a new, unused one for any other app). */
export function shutdownGate(app: Koa<any, any>): ShutdownGate {
  let gate = gates.get(app);
  if (!gate) {
    gate = new ShutdownGate();
    gates.set(app, gate);
  }
  return gate;
}
