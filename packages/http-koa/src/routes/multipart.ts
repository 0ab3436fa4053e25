import { Readable } from 'node:stream';
import { DomainError, documentMetadata, parseInput } from '@chatbuddy/core';
import busboy from 'busboy';
import { z } from 'zod';
import { parseJsonText } from '../middleware/body.js';
import type { UploadedFile } from './file-upload.js';

const metadataField = z.object({ metadata: documentMetadata() });

/**
 * Metadata of a file upload, checked as the use case checks it (a JSON object within the document
 * metadata limits): anything else is `invalid_input` at `metadata`, before the file is parsed.
 */
export function uploadMetadata(value: unknown): Record<string, unknown> | undefined {
  return value === undefined ? undefined : parseInput(metadataField, { metadata: value }).metadata;
}

/** The same limits as the JSON forms of the upload. */
const multipartNames = z.object({
  filename: z.string().min(1).max(255),
  title: z.string().max(200).optional(),
});

/** Reads the `file` part (and `title`, `metadata` fields) of a buffered multipart/form-data body. */
export function parseMultipart(raw: Buffer, contentType: string, limit: number): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        // Browsers and curl send file names as raw UTF-8, not Latin-1.
        defParamCharset: 'utf8',
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
    // A second file would be dropped without a word: one file per upload, said so.
    let moreFiles = false;
    parser.on('filesLimit', () => {
      moreFiles = true;
    });
    parser.on('error', malformed);
    parser.on('close', () => {
      if (moreFiles)
        return reject(
          new DomainError('invalid_input', 'Send one file per upload: the body has more than one file part'),
        );
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
        let value: unknown;
        try {
          value = parseJsonText(fields.metadata);
        } catch {
          return reject(
            new DomainError('invalid_input', 'metadata must be a JSON object', {
              details: { issues: [{ path: 'metadata', message: 'must be a JSON object', code: 'custom' }] },
            }),
          );
        }
        try {
          metadata = uploadMetadata(value);
        } catch (error) {
          return reject(error);
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
