import { DomainError, isDomainError } from '@chatbuddy/core';
import type { Context } from 'koa';

/** Reads the raw request body, refusing more than `limit` bytes with 413 without buffering it all. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of ctx.req) {
      const buffer = part as Buffer;
      size += buffer.length;
      if (size > limit) {
        ctx.req.resume();
        throw tooLarge(limit);
      }
      parts.push(buffer);
    }
  } catch (error) {
    if (isDomainError(error)) throw error;
    // The client went away (or broke the framing) before sending the whole body.
    throw new DomainError('invalid_input', 'The request body was not received completely');
  }
  return Buffer.concat(parts);
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
  const raw = await readRawBody(ctx, limit);
  return { raw, value: parseJsonBuffer(raw) };
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
