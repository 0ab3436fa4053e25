import type { ParsedDocument, ParsedSection } from '../../ports/document-parser.port.js';

const headingPattern = /^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const fencePattern = /^[ \t]{0,3}(```|~~~)/;

/**
 * Structure of plain text or Markdown without a parser: ATX headings (`#` … `######`, outside
 * fenced code) open sections whose heading path is the chain of enclosing headings. The title is
 * the first heading that appears, of any level, if any.
 */
export function parseMarkdownText(text: string, mimeType = 'text/markdown'): ParsedDocument {
  const sections: ParsedSection[] = [];
  const path: string[] = [];
  let title: string | null = null;
  let body: string[] = [];
  let bodyPath: string[] = [];
  let inFence = false;
  const flush = () => {
    const sectionText = body.join('\n').trim();
    if (sectionText) sections.push({ headingPath: bodyPath, text: sectionText });
    body = [];
  };
  for (const line of text.split('\n')) {
    if (fencePattern.test(line)) inFence = !inFence;
    const heading = inFence ? null : headingPattern.exec(line);
    if (!heading) {
      body.push(line);
      continue;
    }
    flush();
    const level = heading[1]!.length;
    const name = heading[2]!.trim();
    if (title === null && name) title = name;
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push('');
    path[level - 1] = name;
    bodyPath = path.filter((part) => part !== '');
  }
  flush();
  return { text, title, mimeType, sections };
}
