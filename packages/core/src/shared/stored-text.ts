import { z } from 'zod';
import type { JsonValue } from './common.js';

export const unstorableTextMessage = 'must be well-formed Unicode text without NUL characters';

/**
 * Whether a string can be stored as it is: well-formed UTF-16 (no surrogate without its pair) and
 * no NUL, which PostgreSQL text and JSON cannot hold. Both checks are native scans; a pattern with
 * look-behind took 0.1 ms per 17 KB of text outside Latin-1, and every stored parameter is checked.
 */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/** Whether every string in a JSON value, keys included, can be stored. */
export function isStorableJson(value: JsonValue): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).every(([key, entry]) => isStorableText(key) && isStorableJson(entry));
  return true;
}

/**
 * A string that will be stored: refused as `invalid_input` when it holds a lone surrogate or a
 * NUL, before any work is done (retrieval, a model call, indexing), never by the database after it.
 * Every input schema field that ends up in storage starts from this.
 */
export const storedText = () => z.string().refine(isStorableText, unstorableTextMessage);

/** Free-form metadata that will be stored: JSON whose keys and strings are all storable. */
export const storedMetadata = () =>
  z.record(storedText(), z.json()).refine((value) => isStorableJson(value), unstorableTextMessage);
