import { firstHeading } from '@chatbuddy/core';
import {
  defaultIsolationLimits,
  extractIsolated,
  type IsolationLimits,
} from '../isolation/isolated-extraction.js';
import { defaultTextLimits, type TextLimits, textTooLarge } from '../isolation/text-budget.js';
import { unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { readZip, type ZipLimits } from './zip-archive.js';

export type DocxLimits = ZipLimits & TextLimits & IsolationLimits;

const defaultZipLimits: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 32 * 1024 * 1024 };

/**
 * DOCX (mammoth, which maps Word's heading styles to `<h1>`…`<h6>`): headings become section heading
 * paths, lists and tables stay as text; the title comes from the document properties, else the first
 * heading. Before mammoth sees the file, every XML part is inflated within a budget, so a zip bomb is
 * refused cheaply; then, in a worker thread with a deadline and a heap cap, a document with too much
 * text is refused before mammoth reads it.
 */
export class DocxParser implements FormatParser {
  private readonly limits: DocxLimits;

  constructor(limits: Partial<DocxLimits> = {}) {
    this.limits = { ...defaultZipLimits, ...defaultTextLimits, ...defaultIsolationLimits, ...limits };
  }

  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const parts = await readZip(bytes, this.limits, (name) => /\.(xml|rels)$/i.test(name));
    if (!parts.has('word/document.xml')) {
      throw unprocessableDocument('The file is a ZIP archive but not a Word document', {
        reason: 'not_docx',
      });
    }
    const { maxTextBytes } = this.limits;
    const documentXml = parts.get('word/document.xml');
    const request = { format: 'docx', bytes, documentXml, maxTextBytes, maxPages: 0 } as const;
    const result = await extractIsolated(request, this.limits);
    if (result.kind === 'refused') {
      if (result.reason === 'text_too_large') throw textTooLarge(maxTextBytes, 'DOCX');
      throw unprocessableDocument('The DOCX file is damaged', { reason: 'corrupt' });
    }
    if (result.kind !== 'docx') throw new Error(`Unexpected extraction result ${result.kind}`);
    const { htmlSections, parseMarkup } = await import('./html-sections.js');
    const sections = htmlSections(parseMarkup(result.html).body);
    return { title: coreTitle(parts.get('docProps/core.xml')) ?? firstHeading(sections), sections };
  }
}

/** `<dc:title>` of the package's core properties, if any. */
function coreTitle(coreXml: Buffer | undefined): string | null {
  const match = coreXml && /<dc:title[^>]*>([^<]*)<\/dc:title>/.exec(coreXml.toString('utf8'));
  const title = match?.[1] ? decodeEntities(match[1]).replace(/\s+/g, ' ').trim() : '';
  return title || null;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
    if (name[0] !== '#') return named[name] ?? entity;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
