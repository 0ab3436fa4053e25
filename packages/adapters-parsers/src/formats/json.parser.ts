import type { ParsedSection } from '@chatbuddy/core';
import { unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { decodeText, normaliseText } from '../text-decoding.js';

const maxDepth = 64;

/**
 * JSON: flattened into readable `key.path[0].name: value` lines. An object's top-level keys and an
 * array's elements become one section each, so a list of FAQ entries yields one section per entry.
 */
export class JsonParser implements FormatParser {
  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const source = decodeText(bytes, 'JSON');
    if (nestingDepth(source) > maxDepth) {
      throw unprocessableDocument(`The JSON file is nested deeper than ${maxDepth} levels`, { maxDepth });
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw unprocessableDocument('The JSON file is not valid JSON', { format: 'json' }, error);
    }
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item])
      : isObject(value)
        ? Object.entries(value).map(([key, item]) => [keyPath('', key), item])
        : [['', value]];
    const sections: ParsedSection[] = [];
    entries.forEach(([path, item], index) => {
      const text = normaliseText(flatten(path, item).join('\n'));
      if (!text) return;
      if (Array.isArray(value)) sections.push({ headingPath: [], text, metadata: { index } });
      else sections.push({ headingPath: path ? [path] : [], text });
    });
    return { title: null, sections, text: sections.map((section) => section.text).join('\n') };
  }
}

/** Lines `path: value` for every non-empty leaf (depth is bounded by the check before parsing). */
function flatten(path: string, value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => flatten(`${path}[${index}]`, item));
  if (isObject(value))
    return Object.entries(value).flatMap(([key, item]) => flatten(keyPath(path, key), item));
  if (value === null || value === '') return [];
  const text = String(value);
  return [path ? `${path}: ${text}` : text];
}

function keyPath(parent: string, key: string): string {
  const name = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(key) ? key : JSON.stringify(key);
  return parent ? `${parent}.${name}` : name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The deepest bracket nesting outside strings, found in one pass before any parsing. */
function nestingDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < source.length; index++) {
    const character = source.charCodeAt(index);
    if (inString) {
      if (character === 0x5c) index++;
      else if (character === 0x22) inString = false;
    } else if (character === 0x22) inString = true;
    else if (character === 0x7b || character === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (character === 0x7d || character === 0x5d) depth--;
  }
  return deepest;
}
