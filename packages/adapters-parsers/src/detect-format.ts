import type { ParseInput } from '@chatbuddy/core';
import { unsupportedMediaType } from './parse-errors.js';

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'csv' | 'tsv' | 'json' | 'pdf' | 'docx';

const docxMimeType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The media type each format is reported as. */
export const mimeTypeByFormat = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  pdf: 'application/pdf',
  docx: docxMimeType,
} as const satisfies Record<DocumentFormat, string>;

const formatByMimeType: Record<string, DocumentFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/x-csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'text/json': 'json',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  [docxMimeType]: 'docx',
};

/** The file name extensions recognised when the media type is missing or generic. */
export const formatByExtension: Record<string, DocumentFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  pdf: 'pdf',
  docx: 'docx',
};

const textFormats = new Set<DocumentFormat>(['markdown', 'html', 'csv', 'tsv', 'json']);

/**
 * Types that say nothing about the content: browsers send them for unknown files, and Windows
 * labels `.csv` files as Excel. They defer to the file name and the bytes.
 */
const genericMimeTypes = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'application/vnd.ms-excel',
  'application/unknown',
]);

/**
 * Decides the format of an upload: a specific media type wins (though `text/plain` yields to a text
 * format's extension), then the file name extension, then the bytes (PDF and DOCX signatures, HTML
 * markup, UTF-8 text).
 * @throws DomainError `unsupported_media_type` for any other type.
 */
export function detectFormat(input: ParseInput): DocumentFormat {
  const mimeType = input.mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = extensionOf(input.filename);
  if (mimeType && !genericMimeTypes.has(mimeType)) {
    const format = formatByMimeType[mimeType] ?? (mimeType.endsWith('+json') ? 'json' : undefined);
    if (!format) throw unsupportedMediaType(mimeType);
    // Clients label any text file `text/plain`; a `.md` or `.csv` name says more.
    const named = extension ? formatByExtension[extension] : undefined;
    if (format === 'text' && named && textFormats.has(named)) return named;
    return format;
  }
  if (extension) {
    const format = formatByExtension[extension];
    if (!format) throw unsupportedMediaType(`.${extension}`);
    return format;
  }
  const sniffed = sniffFormat(input.bytes);
  if (!sniffed) throw unsupportedMediaType(mimeType || 'unknown binary data');
  return sniffed;
}

function extensionOf(filename: string | null | undefined): string | undefined {
  const name = filename?.trim().split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined;
}

const zipSignature = [0x50, 0x4b, 0x03, 0x04];

/** Recognises a format from the bytes alone. */
function sniffFormat(bytes: Uint8Array): DocumentFormat | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pdfAt = buffer.indexOf('%PDF-');
  if (pdfAt >= 0 && pdfAt < 1024) return 'pdf';
  if (zipSignature.every((byte, index) => bytes[index] === byte)) {
    return buffer.includes('word/document.xml') ? 'docx' : undefined;
  }
  const head = decodeHead(bytes);
  if (head === undefined) return undefined;
  const start = head
    .replace(/^\ufeff/, '')
    .trimStart()
    .slice(0, 64)
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html';
  return 'text';
}

/** The first 64 KiB as UTF-8 (a character cut at the end is fine), or undefined for binary data. */
function decodeHead(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024), {
      stream: true,
    });
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
