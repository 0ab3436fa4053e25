import type { Metadata } from '../../shared/common.js';
import type { ParsedDocument } from '../../ports/document-parser.port.js';

/** A range of the document text and the structure it belongs to. */
export interface SectionRange {
  start: number;
  end: number;
  headingPath: string[];
  metadata: Metadata;
}

/**
 * Places the parser's sections on the document text, in order, and turns them into a partition
 * of the text: each section's range also takes the text before it that no section claims (a
 * heading line, a page header), and the last one takes the rest. Sections whose text cannot be
 * found are skipped; their text is still covered by a neighbour. Without any placeable section
 * the whole text is one range without headings.
 */
export function layoutSections(document: ParsedDocument): SectionRange[] {
  const { text } = document;
  const placed: Array<{ end: number; headingPath: string[]; metadata: Metadata }> = [];
  let cursor = 0;
  for (const section of document.sections) {
    const needle = section.text.trim();
    if (!needle) continue;
    const index = text.indexOf(needle, cursor);
    if (index < 0) continue;
    cursor = index + needle.length;
    placed.push({ end: cursor, headingPath: [...section.headingPath], metadata: { ...section.metadata } });
  }
  if (placed.length === 0) return [{ start: 0, end: text.length, headingPath: [], metadata: {} }];
  return placed.map((section, index) => ({
    start: index === 0 ? 0 : placed[index - 1]!.end,
    end: index === placed.length - 1 ? text.length : section.end,
    headingPath: section.headingPath,
    metadata: section.metadata,
  }));
}
