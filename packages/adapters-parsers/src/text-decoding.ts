import { unprocessableDocument } from './parse-errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes the bytes of a text format: UTF-8 (a BOM is dropped), or UTF-16 when a UTF-16 BOM says so
 * (spreadsheet tools export "Unicode text" that way). Invalid UTF-8 and NUL characters, which mark a
 * binary file and which PostgreSQL text columns refuse, make the file unprocessable.
 */
export function decodeText(bytes: Uint8Array, format: string): string {
  let text: string;
  try {
    text = decoderFor(bytes).decode(bytes);
  } catch (error) {
    throw unprocessableDocument(`The ${format} file is not valid UTF-8 text`, { format }, error);
  }
  if (text.includes('\u0000')) {
    throw unprocessableDocument(`The ${format} file holds binary data, not text`, { format });
  }
  return text;
}

function decoderFor(bytes: Uint8Array): TextDecoder {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true });
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true });
  return utf8;
}

/**
 * Normalises extracted text: Unix line ends, no control characters other than tab and newline,
 * no trailing spaces, at most one blank line in a row.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, '')
    .replace(/(?<![ \t\u00a0])[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
