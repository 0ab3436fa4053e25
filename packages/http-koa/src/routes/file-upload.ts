import { DomainError } from '@chatbuddy/core';
import type { Context } from 'koa';
import { z } from 'zod';
import { isJson, parseJsonBuffer, readRawBody, refuseOtherCharsets } from '../middleware/body.js';
import { parseMultipart, uploadMetadata } from './multipart.js';

/** A file upload in any accepted form, decoded to bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
  mimeType?: string;
  title?: string;
  metadata?: Record<string, unknown>;
}

const base64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

const jsonFileBody = z.union([
  z
    .object({
      filename: z.string().min(1).max(255),
      content: z.string(),
      mimeType: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
      metadata: z.unknown().optional(),
    })
    .strict(),
  z
    .object({
      filename: z.string().min(1).max(255),
      contentBase64: z.string().regex(base64, 'must be base64'),
      mimeType: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
      metadata: z.unknown().optional(),
    })
    .strict(),
]);

/**
 * The bytes an idempotent retry of a multipart upload must repeat: its file and fields, not the
 * body as sent, whose part boundary a client (curl, a browser, `requests`) picks anew each time.
 */
function multipartFingerprint(file: UploadedFile): Buffer {
  const { filename, mimeType, title, metadata } = file;
  const fields = JSON.stringify({ form: 'multipart', filename, mimeType, title, metadata });
  return Buffer.concat([Buffer.from(`${fields}\n`), file.bytes]);
}

/**
 * Reads `{filename, content}`, `{filename, contentBase64, mimeType?}` or multipart `file`; `raw`
 * is what `Idempotency-Key` compares: the JSON body re-serialised (so spacing does not count),
 * or the multipart upload's file and fields (`multipartFingerprint`).
 */
export async function readUploadedFile(
  ctx: Context,
  limit: number,
): Promise<{ file: UploadedFile; raw: Buffer }> {
  const type = ctx.get('content-type').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const body = await readRawBody(ctx, limit + 64 * 1024);
    const file = await parseMultipart(body, ctx.get('content-type'), limit);
    return { file, raw: multipartFingerprint(file) };
  }
  if (!isJson(ctx))
    throw new DomainError(
      'unsupported_media_type',
      'Send JSON ({filename, content} or {filename, contentBase64}) or multipart/form-data with a file field',
    );
  refuseOtherCharsets(ctx);
  const raw = await readRawBody(ctx, Math.ceil(limit * 1.4) + 4096);
  const parsed = parseJsonBuffer(raw);
  const result = jsonFileBody.safeParse(parsed);
  if (!result.success) {
    throw new DomainError('invalid_input', 'Invalid file upload', {
      details: {
        issues: result.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
          code: issue.code,
        })),
      },
    });
  }
  const body = result.data;
  // Checked apart from the two forms, so a refusal points at `metadata` whichever form was sent.
  const metadata = uploadMetadata(body.metadata);
  const bytes =
    'content' in body
      ? new TextEncoder().encode(body.content)
      : new Uint8Array(Buffer.from(body.contentBase64, 'base64'));
  if (bytes.byteLength > limit)
    throw new DomainError('payload_too_large', `The file is larger than the limit of ${limit} bytes`, {
      details: { limitBytes: limit },
    });
  const mimeType =
    body.mimeType ?? ('content' in body && !/\.[a-z0-9]+$/i.test(body.filename) ? 'text/plain' : undefined);
  return {
    file: { filename: body.filename, bytes, mimeType, title: body.title, metadata },
    // Spacing between tokens aside, a retry must say the same.
    raw: Buffer.from(JSON.stringify(parsed)),
  };
}
