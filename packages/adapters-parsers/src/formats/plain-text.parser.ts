import type { FormatParser, ParsedContent } from '../sections.js';
import { decodeText, normaliseText } from '../text-decoding.js';

/** Plain text: one section; paragraphs and sentences are left for the chunker. */
export class PlainTextParser implements FormatParser {
  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const text = normaliseText(decodeText(bytes, 'text'));
    return { title: null, sections: text ? [{ headingPath: [], text }] : [] };
  }
}
