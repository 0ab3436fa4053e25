import type { ParsedDocument, ParsedSection } from '../../ports/document-parser.port.js';
import { truncateText } from '../../shared/truncate.js';

/** Longest title stored; longer ones are cut. */
const maxTitleLength = 200;

/**
 * The first heading that appears in the document, of any level: the first entry of the first
 * non-empty heading path, since each section's path starts with the outermost heading above it.
 * Only for sections under real headings (not JSON keys or CSV rows); parsers use it for their title.
 */
export function firstHeading(sections: readonly ParsedSection[]): string | null {
  for (const section of sections) {
    const heading = section.headingPath.find((part) => part.trim() !== '');
    if (heading) return heading.trim();
  }
  return null;
}

/** `handbook.final.pdf` → `handbook.final`; a name that is only an extension (`.env`) stays whole. */
export function filenameStem(filename: string): string {
  const name = filename.split(/[\\/]/).pop() ?? filename;
  const stem = name.replace(/\.[^.]*$/, '');
  return stem.trim() || name;
}

/**
 * A document's title: the one given with the upload, else the parser's (what the file declares, or
 * its first heading of any level), else its file name without extension, else (text sent without a
 * file and without headings) its first line.
 */
export function deriveTitle(draft: {
  title?: string | undefined;
  structure: Pick<ParsedDocument, 'title'>;
  filename: string | null;
  content: string;
}): string {
  const firstLine = draft.content
    .split('\n')
    .find((line) => line.trim())
    ?.trim()
    .replace(/^#+\s*/, '');
  const title =
    draft.title?.trim() ||
    draft.structure.title?.trim() ||
    (draft.filename ? filenameStem(draft.filename) : '') ||
    firstLine ||
    'Untitled';
  return truncateText(title.replace(/\s+/g, ' '), maxTitleLength);
}
