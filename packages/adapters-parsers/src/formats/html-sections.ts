import type { ParsedSection } from '@chatbuddy/core';
import { parseHTML } from 'linkedom';
import { SectionBuilder } from '../sections.js';

const skipped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'head',
  'title',
]);
/** Elements that separate paragraphs (a blank line) and elements that only end a line. */
const paragraphs = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'div',
  'dl',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'table',
  'ul',
]);
const lines = new Set(['br', 'dd', 'dt', 'figcaption', 'li', 'tr']);
const headingLevel: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** Parses markup into a document; fragments are wrapped so the body always exists. */
export function parseMarkup(html: string): Document {
  const complete = /<html[\s>]/i.test(html.slice(0, 4096));
  const source = complete ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as Document;
}

/** The deepest element nesting under `root`, counted without recursion. */
export function nestingDepth(root: Element): number {
  let deepest = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Walks an element in document order (without recursion, so nesting depth does not matter):
 * headings start sections under their heading path, paragraphs are separated by blank lines, list
 * items and table rows end lines, table cells are joined with `|`, `<pre>` keeps its lines.
 * Elements named in `alsoSkipped` are left out with their content.
 */
export function htmlSections(root: Element, alsoSkipped: ReadonlySet<string> = new Set()): ParsedSection[] {
  const sections = new SectionBuilder();
  let buffer = '';
  // Breaks wait for the next text, so that whitespace between elements never makes empty lines.
  let pendingBreak: '' | '\n' | '\n\n' = '';
  const write = (text: string) => {
    if (!buffer) text = text.trimStart();
    else if (pendingBreak && text.trim()) text = pendingBreak + text.trimStart();
    else if (pendingBreak) return;
    if (!text) return;
    buffer += text;
    pendingBreak = '';
  };
  // Inside a table cell, paragraphs and lines only separate words: a row stays on one line.
  let cellDepth = 0;
  const breakWith = (kind: '\n' | '\n\n') => {
    if (cellDepth > 0) write(' ');
    else if (pendingBreak !== '\n\n') pendingBreak = kind;
  };
  const flush = () => {
    sections.block(buffer.replace(/ {2,}/g, ' '));
    buffer = '';
    pendingBreak = '';
  };
  const stack: { node: Node; leaving: boolean }[] = [{ node: root, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node.nodeType === 3) {
      write((node.textContent ?? '').replace(/\s+/g, ' '));
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = (node as Element).tagName.toLowerCase();
    if (leaving) {
      if (tag === 'td' || tag === 'th') {
        cellDepth--;
        write(' | ');
      }
      if (paragraphs.has(tag)) breakWith('\n\n');
      else if (lines.has(tag)) breakWith('\n');
      continue;
    }
    if (skipped.has(tag) || alsoSkipped.has(tag)) continue;
    const level = headingLevel[tag];
    if (level !== undefined) {
      flush();
      sections.heading(level, node.textContent ?? '');
      continue;
    }
    if (tag === 'pre') {
      flush();
      sections.block(node.textContent ?? '');
      continue;
    }
    if (paragraphs.has(tag)) breakWith('\n\n');
    else if (lines.has(tag)) breakWith('\n');
    if (tag === 'li') write('- ');
    if (tag === 'td' || tag === 'th') cellDepth++;
    stack.push({ node, leaving: true });
    const children = node.childNodes;
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ node: children[index]!, leaving: false });
    }
  }
  flush();
  return sections.build().map((section) => ({ ...section, text: section.text.replace(/ \| *$/gm, '') }));
}
