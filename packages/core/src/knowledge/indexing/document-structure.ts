import type { Chunk, KnowledgeDocument } from '../document.js';
import type { ParsedDocument, ParsedSection } from '../../ports/document-parser.port.js';
import { parseMarkdownText } from '../chunking/markdown-sections.js';

/** Whether chunk rows are exact slices of the document's current content (still valid for it). */
export function chunksMatchContent(content: string, chunks: readonly Chunk[]): boolean {
  return (
    chunks.length > 0 && chunks.every((chunk) => content.slice(chunk.charStart, chunk.charEnd) === chunk.text)
  );
}

const textTypes = new Set(['text/markdown', 'text/plain']);

const sectionKey = (chunk: Chunk): string => JSON.stringify([chunk.headingPath, chunk.metadata]);

/**
 * The structure to chunk a stored document with when the parser's output is gone (reindex,
 * repair): the sections recorded on its current chunk rows (heading paths, pages, rows) when they
 * still match the content, else the Markdown headings of a text document (other types then lose
 * their parser sections: the parser's output is not stored).
 */
export function storedStructure(document: KnowledgeDocument, chunks: readonly Chunk[]): ParsedDocument {
  const { content } = document;
  if (!chunksMatchContent(content, chunks)) {
    if (textTypes.has(document.mimeType)) return parseMarkdownText(content, document.mimeType);
    return { text: content, title: document.title, mimeType: document.mimeType, sections: [] };
  }
  const sections: ParsedSection[] = [];
  let group: Chunk[] = [];
  const flush = () => {
    const first = group[0];
    if (!first) return;
    const end = Math.max(...group.map((chunk) => chunk.charEnd));
    const metadata = Object.fromEntries(
      Object.entries(first.metadata).filter(
        (entry): entry is [string, string | number] =>
          typeof entry[1] === 'string' || typeof entry[1] === 'number',
      ),
    );
    sections.push({
      headingPath: [...first.headingPath],
      text: content.slice(first.charStart, end),
      metadata,
    });
    group = [];
  };
  for (const chunk of [...chunks].sort((a, b) => a.position - b.position)) {
    if (group[0] && sectionKey(group[0]) !== sectionKey(chunk)) flush();
    group.push(chunk);
  }
  flush();
  return { text: content, title: document.title, mimeType: document.mimeType, sections };
}
