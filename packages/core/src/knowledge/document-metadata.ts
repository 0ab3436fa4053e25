import { z } from 'zod';
import { storedMetadata } from '../shared/stored-text.js';

/**
 * How much free-form metadata one document may carry. It is stored with the document and returned
 * in every document list, so one document must not be able to make lists (and the database reads
 * behind them) large for everyone.
 */
export const documentMetadataLimits = {
  /** Top-level keys. */
  keys: 64,
  /** Characters of one top-level key. */
  keyChars: 100,
  /** UTF-8 bytes of the whole object written as JSON. */
  jsonBytes: 16 * 1024,
} as const;

/** Why `metadata` is over `documentMetadataLimits`, or null when it is within them. */
export function metadataOverLimit(metadata: Record<string, unknown>): string | null {
  const { keys, keyChars, jsonBytes } = documentMetadataLimits;
  const names = Object.keys(metadata);
  if (names.length > keys) return `must have at most ${keys} keys (it has ${names.length})`;
  if (names.some((name) => name.length > keyChars)) return `keys must be at most ${keyChars} characters`;
  let json: string;
  try {
    json = JSON.stringify(metadata);
  } catch {
    return 'must be a JSON object';
  }
  // A character is at least one UTF-8 byte: only text that may fit is encoded to be measured.
  if (json.length > jsonBytes || new TextEncoder().encode(json).byteLength > jsonBytes)
    return `must be at most ${jsonBytes} bytes as JSON`;
  return null;
}

/**
 * A document's metadata: a JSON object within `documentMetadataLimits` whose keys and strings can
 * be stored. The limits are checked before the object is parsed: walking an object of a million
 * keys takes seconds, refusing it by its key count does not.
 */
export const documentMetadata = () =>
  z
    .preprocess((value, context) => {
      const problem = isPlainObject(value) ? metadataOverLimit(value) : null;
      if (problem) context.issues.push({ code: 'custom', message: problem, input: value, continue: false });
      return value;
    }, storedMetadata())
    .meta({
      description: `A JSON object of at most ${documentMetadataLimits.keys} keys, each at most ${documentMetadataLimits.keyChars} characters, and at most ${documentMetadataLimits.jsonBytes} bytes written as JSON`,
      maxProperties: documentMetadataLimits.keys,
    });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
