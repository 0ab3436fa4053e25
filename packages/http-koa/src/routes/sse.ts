import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

/** Whether the caller asked for Server-Sent Events. */
export function wantsEventStream(ctx: Context, bodyFlag: boolean | undefined): boolean {
  return bodyFlag === true || (ctx.get('accept').includes('text/event-stream') && bodyFlag !== false);
}

/**
 * A Server-Sent Events response opened on first use, so that failures before the first event
 * still get an ordinary JSON error envelope and status.
 */
export class EventStream {
  private stream: PassThrough | null = null;

  constructor(private readonly ctx: Context) {}

  get opened(): boolean {
    return this.stream !== null;
  }

  send(event: string, data: unknown): void {
    if (!this.stream) this.open();
    this.stream!.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.stream?.end();
  }

  private open(): void {
    const ctx = this.ctx;
    this.stream = new PassThrough();
    ctx.status = 200;
    ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
    ctx.set('Cache-Control', 'no-store, no-transform');
    ctx.set('Connection', 'keep-alive');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.body = this.stream;
    ctx.res.flushHeaders?.();
  }
}
