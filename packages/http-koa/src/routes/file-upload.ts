import { Readable } from 'node:stream';
import { DomainError } from '@chatbuddy/core';
import busboy from 'busboy';
import type { Context } from 'koa';
import { z } from 'zod';
import { isJson, parseJsonBuffer, parseJsonText, readRawBody } from '../middleware/body.js';

/** A file upload in any accepted form, decoded to bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
  mimeType?: string;
  title?: string;
  metadata?: Record<string, unknown>;
}

const metadataSchema = z.record(z.string(), z.json());
/** The same limits as the JSON forms of the upload. */
const multipartNames = z.object({
  filename: z.string().min(1).max(255),
  title: z.string().max(200).optional(),
});
const base64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export const jsonFileBody = z.union([
  z
    .object({
      filename: z.string().min(1).max(255),
      content: z.string(),
      mimeType: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
      metadata: metadataSchema.optional(),
    })
    .strict(),
  z
    .object({
      filename: z.string().min(1).max(255),
      contentBase64: z.string().regex(base64, 'must be base64'),
      mimeType: z.string().max(200).optional(),
      title: z.string().max(200).optional(),
      metadata: metadataSchema.optional(),
    })
    .strict(),
]);

/** Reads `{filename, content}`, `{filename, contentBase64, mimeType?}` or multipart `file`; returns the raw body too. */
export async function readUploadedFile(
  ctx: Context,
  limit: number,
): Promise<{ file: UploadedFile; raw: Buffer }> {
  const type = ctx.get('content-type').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const raw = await readRawBody(ctx, limit + 64 * 1024);
    return { file: await parseMultipart(raw, ctx.get('content-type'), limit), raw };
  }
  if (!isJson(ctx))
    throw new DomainError(
      'unsupported_media_type',
      'Send JSON ({filename, content} or {filename, contentBase64}) or multipart/form-data with a file field',
    );
  const raw = await readRawBody(ctx, Math.ceil(limit * 1.4) + 4096);
  const result = jsonFileBody.safeParse(parseJsonBuffer(raw));
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
    file: { filename: body.filename, bytes, mimeType, title: body.title, metadata: body.metadata },
    raw,
  };
}

function parseMultipart(raw: Buffer, contentType: string, limit: number): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fileSize: limit, fields: 10, fieldSize: 64 * 1024 },
      });
    } catch {
      reject(new DomainError('invalid_input', 'Malformed multipart body'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { filename: string; mimeType: string; parts: Buffer[]; truncated: boolean } | null = null;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    const malformed = () => reject(new DomainError('invalid_input', 'Malformed multipart body'));
    parser.on('file', (name, stream, info) => {
      // A body that ends inside a part errors the part's stream as well as the parser.
      stream.on('error', malformed);
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      const current = {
        filename: info.filename || 'upload',
        mimeType: info.mimeType,
        parts: [] as Buffer[],
        truncated: false,
      };
      file = current;
      stream.on('data', (part: Buffer) => current.parts.push(part));
      stream.on('limit', () => {
        current.truncated = true;
      });
    });
    parser.on('error', malformed);
    parser.on('close', () => {
      const uploaded = file as {
        filename: string;
        mimeType: string;
        parts: Buffer[];
        truncated: boolean;
      } | null;
      if (!uploaded)
        return reject(new DomainError('invalid_input', 'The multipart body has no "file" field'));
      if (uploaded.truncated)
        return reject(
          new DomainError('payload_too_large', `The file is larger than the limit of ${limit} bytes`, {
            details: { limitBytes: limit },
          }),
        );
      let metadata: Record<string, unknown> | undefined;
      if (fields.metadata) {
        try {
          metadata = metadataSchema.parse(parseJsonText(fields.metadata));
        } catch {
          return reject(new DomainError('invalid_input', 'metadata must be a JSON object'));
        }
      }
      const named = multipartNames.safeParse({
        filename: uploaded.filename,
        title: fields.title || undefined,
      });
      if (!named.success)
        return reject(
          new DomainError('invalid_input', 'filename is at most 255 and title at most 200 characters'),
        );
      const generic = uploaded.mimeType === 'application/octet-stream' || uploaded.mimeType === '';
      resolve({
        filename: uploaded.filename,
        bytes: new Uint8Array(Buffer.concat(uploaded.parts)),
        mimeType: generic ? undefined : uploaded.mimeType,
        title: fields.title || undefined,
        metadata,
      });
    });
    Readable.from([raw]).pipe(parser);
  });
}
