import type { ParsedSection } from '@chatbuddy/core';
import { normaliseText } from './text-decoding.js';

/** What one format parser extracts; FileDocumentParser turns it into a ParsedDocument. */
export interface ParsedContent {
  title: string | null;
  sections: ParsedSection[];
  /** Whole-document text when the format has a better rendering than the joined sections. */
  text?: string;
}

/** Reads one format. Throws DomainErrors for what it recognises; anything else is wrapped upstream. */
export interface FormatParser {
  parse(bytes: Uint8Array): Promise<ParsedContent>;
}

/**
 * Collects text into sections under a heading path: a heading of level n replaces the headings of
 * level n and deeper, and starts a new section.
 */
export class SectionBuilder {
  private readonly sections: ParsedSection[] = [];
  private readonly headings: { level: number; text: string }[] = [];
  private readonly lines: string[] = [];

  /** Starts a section under a heading of the given level (1 = top). */
  heading(level: number, text: string): void {
    this.flush();
    const title = text.replace(/\s+/g, ' ').trim();
    while (this.headings.length > 0 && this.headings[this.headings.length - 1]!.level >= level) {
      this.headings.pop();
    }
    if (title) this.headings.push({ level, text: title });
  }

  /** Adds a block of text (paragraph, list, code block…) to the current section. */
  block(text: string): void {
    if (text.trim()) this.lines.push(text);
  }

  /** The sections collected so far, without empty ones. */
  build(): ParsedSection[] {
    this.flush();
    return this.sections;
  }

  private flush(): void {
    const text = normaliseText(this.lines.join('\n\n'));
    this.lines.length = 0;
    if (text) this.sections.push({ headingPath: this.headings.map((heading) => heading.text), text });
  }
}

/**
 * The whole-document text: sections joined by blank lines, each introduced by its heading when the
 * heading path changes, so the stored content still reads like the original.
 */
export function joinSections(sections: readonly ParsedSection[]): string {
  const parts: string[] = [];
  let previous: readonly string[] = [];
  for (const section of sections) {
    const path = section.headingPath;
    let common = 0;
    while (common < path.length && common < previous.length && path[common] === previous[common]) common++;
    parts.push(...path.slice(common));
    previous = path;
    parts.push(section.text);
  }
  return parts.join('\n\n');
}
