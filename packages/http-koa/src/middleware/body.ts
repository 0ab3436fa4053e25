import { DomainError } from '@chatbuddy/core';
import type { Context } from 'koa';

/** Reads the raw request body, refusing more than `limit` bytes with 413 without buffering it all. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of ctx.req) {
    const buffer = part as Buffer;
    size += buffer.length;
    if (size > limit) {
      ctx.req.resume();
      throw tooLarge(limit);
    }
    parts.push(buffer);
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

/**
 * Parses a JSON body: an empty body is `undefined`; a non-JSON content type is 415; malformed
 * JSON or invalid UTF-8 is 400; more than `limit` bytes is 413.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return undefined;
  if (!isJson(ctx)) {
    ctx.req.resume();
    throw new DomainError('unsupported_media_type', 'Request body must be application/json');
  }
  const raw = await readRawBody(ctx, limit);
  return parseJsonBuffer(raw);
}

/** Decodes a UTF-8 JSON body; empty is `undefined`, malformed is 400 `invalid_input`. */
export function parseJsonBuffer(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new DomainError('invalid_input', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('invalid_input', 'Malformed JSON body', {
      details: { reason: error instanceof Error ? error.message : 'unparseable' },
    });
  }
}
