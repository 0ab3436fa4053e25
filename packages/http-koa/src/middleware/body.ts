import type { IncomingMessage } from 'node:http';
import { DomainError } from '@chatbuddy/core';
import type { Context } from 'koa';

/** How long a body may go without a byte arriving, unless the app says otherwise. */
export const defaultBodyIdleMs = 10_000;

/** Bodies received before their request was admitted (`receiveBodyFirst`), by request. */
const receivedFirst = new WeakMap<IncomingMessage, Buffer>();

/** The idle time of each request's body, set by the app (`setBodyIdleTimeout`). */
const idleTimes = new WeakMap<IncomingMessage, number>();

/** Sets how long `ctx`'s body may go without a byte arriving before 408 (see `readRawBody`). */
export function setBodyIdleTimeout(ctx: Context, idleMs: number): void {
  idleTimes.set(ctx.req, idleMs);
}

/**
 * Reads the raw request body, refusing more than `limit` bytes with 413 without buffering it all.
 * A body that stops arriving for the request's idle time is refused with 408 `request_timeout`
 * and its connection closed: a client that sends part of a body and waits would otherwise hold
 * its request (and a load-shedding slot) for as long as it likes.
 */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  assertIdentityEncoding(ctx);
  const early = receivedFirst.get(ctx.req);
  if (early) {
    if (early.length > limit) throw tooLarge(limit);
    return early;
  }
  const declared = Number(ctx.get('content-length') || Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  return receive(ctx, limit);
}

/**
 * Receives a small body before its request takes a load-shedding slot, so that a client sending
 * it slowly (or not at all) waits without a slot: a body that declares its length, at most
 * `limit` bytes. `readRawBody` then returns it. Other bodies are read by their route as before.
 */
export async function receiveBodyFirst(ctx: Context, limit: number): Promise<void> {
  const declared = ctx.request.length;
  if (declared === undefined || declared === 0 || declared > limit) return;
  if (ctx.get('transfer-encoding') !== '') return;
  receivedFirst.set(ctx.req, await receive(ctx, limit));
}

/** Bodies are taken as sent: a compressed one (`Content-Encoding: gzip`) is 415, not garbage. */
function assertIdentityEncoding(ctx: Context): void {
  const encoding = ctx.get('content-encoding').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return;
  ctx.req.resume();
  throw new DomainError(
    'unsupported_media_type',
    `Request bodies are not accepted with Content-Encoding: ${encoding}; send the body uncompressed`,
  );
}

/** The body's bytes, with the limit and the idle time (see `readRawBody`). */
function receive(ctx: Context, limit: number): Promise<Buffer> {
  const request = ctx.req;
  const idleMs = idleTimes.get(request) ?? defaultBodyIdleMs;
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const finish = (error: DomainError | null) => {
      clearTimeout(idle);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onBroken);
      request.off('aborted', onBroken);
      request.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(parts));
    };
    const onData = (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        request.resume(); // the rest is read and dropped, so the 413 can be answered
        finish(tooLarge(limit));
        return;
      }
      parts.push(part);
      idle.refresh();
    };
    const onEnd = () => finish(null);
    const onBroken = () =>
      // The client went away (or broke the framing) before sending the whole body.
      finish(new DomainError('invalid_input', 'The request body was not received completely'));
    const onClose = () => {
      if (!request.complete) onBroken();
    };
    const idle = setTimeout(() => {
      request.pause();
      // The rest of the body is never read: the connection cannot carry another request.
      ctx.set('Connection', 'close');
      finish(
        new DomainError('request_timeout', `No part of the request body arrived for ${idleMs / 1000} s`, {
          details: { idleSeconds: idleMs / 1000 },
        }),
      );
    }, idleMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onBroken);
    request.on('aborted', onBroken);
    request.on('close', onClose);
    if (request.readableEnded) finish(null);
  });
}

function tooLarge(limit: number): DomainError {
  return new DomainError('payload_too_large', `Request body is larger than the limit of ${limit} bytes`, {
    details: { limitBytes: limit },
  });
}

/** Whether the request says it carries JSON (`application/json` or `+json`). */
export function isJson(ctx: Context): boolean {
  const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Deepest nesting of arrays and objects a JSON body may have. */
export const maxJsonDepth = 64;

/**
 * Reads a body that must be JSON, keeping the raw bytes (idempotency hashes them): an empty body
 * is `undefined`; a non-JSON content type is 415; malformed, invalid UTF-8 or nested deeper than
 * `maxJsonDepth` is 400; more than `limit` bytes is 413. Every JSON route goes through here.
 */
export async function readJson(ctx: Context, limit: number): Promise<{ raw: Buffer; value: unknown }> {
  const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return { raw: Buffer.alloc(0), value: undefined };
  if (!isJson(ctx)) {
    ctx.req.resume();
    throw new DomainError('unsupported_media_type', 'Request body must be application/json');
  }
  refuseOtherCharsets(ctx);
  const raw = await readRawBody(ctx, limit);
  return { raw, value: parseJsonBuffer(raw) };
}

/**
 * JSON is UTF-8 (RFC 8259): a JSON body declared in another charset is refused as such (415),
 * not read as garbage.
 */
export function refuseOtherCharsets(ctx: Context): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ctx.get('content-type'))?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    ctx.req.resume();
    throw new DomainError('unsupported_media_type', `JSON must be UTF-8, not ${charset}`);
  }
}

/** The parsed JSON body of a route (see `readJson`). */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  return (await readJson(ctx, limit)).value;
}

/** Decodes a UTF-8 JSON body; empty is `undefined`, malformed or too deep is 400 `invalid_input`. */
export function parseJsonBuffer(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new DomainError('invalid_input', 'Request body is not valid UTF-8');
  }
  return parseJsonText(text);
}

/** `JSON.parse` that refuses malformed JSON and nesting deeper than `maxJsonDepth` with 400. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DomainError('invalid_input', 'Malformed JSON body', {
      details: { reason: error instanceof Error ? error.message : 'unparseable' },
    });
  }
  if (jsonDepth(value, maxJsonDepth) > maxJsonDepth)
    throw new DomainError('invalid_input', `JSON is nested deeper than ${maxJsonDepth} levels`, {
      details: { maxDepth: maxJsonDepth },
    });
  return value;
}

/**
 * Nesting depth of a parsed JSON value (a scalar is 0, `[]` is 1), found without recursion so
 * that any depth is measured safely; stops counting once past `stopAbove`.
 */
export function jsonDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(current)) pending.push([child, level]);
  }
  return deepest;
}
