import { PassThrough } from 'node:stream';
import type Koa from 'koa';
import type { Context } from 'koa';

/** Whether the caller asked for Server-Sent Events. */
export function wantsEventStream(ctx: Context, bodyFlag: boolean | undefined): boolean {
  if (bodyFlag !== undefined) return bodyFlag;
  // Named in Accept with a quality above zero (`text/event-stream;q=0` refuses it).
  return ctx
    .get('accept')
    .split(',')
    .some((range) => {
      const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
      if (type !== 'text/event-stream') return false;
      const quality = parameters.find((parameter) => parameter.startsWith('q='));
      return quality === undefined || Number(quality.slice(2)) > 0;
    });
}

const openStreams = new WeakMap<Koa<any, any>, Set<EventStream>>();

/** The event streams of `app` still open (shutdown lets them finish, then ends the rest). */
export function openEventStreams(app: Koa<any, any>): ReadonlySet<EventStream> {
  return openStreams.get(app) ?? new Set();
}

/**
 * A Server-Sent Events response opened on first use, so that failures before the first event
 * still get an ordinary JSON error envelope and status.
 */
export class EventStream {
  private stream: PassThrough | null = null;
  private ended = false;

  /** `abort` cancels the work feeding the stream when shutdown has to end it early. */
  constructor(
    private readonly ctx: Context,
    private readonly abort?: AbortController,
  ) {}

  get opened(): boolean {
    return this.stream !== null;
  }

  send(event: string, data: unknown): void {
    if (this.ended) return;
    if (!this.stream) {
      // Already answered (the shutdown's 503 at its deadline): nothing more goes out, and the
      // work behind the stream stops.
      if (this.ctx.res.headersSent || this.ctx.res.writableEnded) {
        this.ended = true;
        this.abort?.abort(new Error('server shutting down'));
        return;
      }
      this.open();
    }
    this.stream!.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    openStreams.get(this.ctx.app)?.delete(this);
    this.stream?.end();
  }

  /**
   * Ends the stream early with a final `error` event (code `shutting_down`, 503) and cancels
   * the work behind it: the instance is stopping and the client should ask again elsewhere.
   */
  interrupt(): void {
    this.send('error', {
      error: { code: 'shutting_down', message: 'The server is restarting; ask again', status: 503 },
    });
    this.end();
    this.abort?.abort(new Error('server shutting down'));
  }

  private open(): void {
    const ctx = this.ctx;
    this.stream = new PassThrough();
    ctx.status = 200;
    ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
    ctx.set('Cache-Control', 'no-store, no-transform');
    ctx.set('Connection', 'keep-alive');
    ctx.set('X-Accel-Buffering', 'no');
    // Koa writes a body only once the handler has returned; events must reach the client as they
    // are sent, so the stream is piped to the socket here and Koa leaves the response alone.
    ctx.respond = false;
    ctx.res.writeHead(200);
    this.stream.pipe(ctx.res);
    let streams = openStreams.get(ctx.app);
    if (!streams) {
      streams = new Set();
      openStreams.set(ctx.app, streams);
    }
    streams.add(this);
  }
}
