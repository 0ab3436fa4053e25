import { firstHeading, type ParsedSection } from '@chatbuddy/core';
import { Readability } from '@mozilla/readability';
import { htmlSections, nestingDepth, parseMarkup } from './html-sections.js';

/** Page chrome that is never content, wherever it is. */
const chromeTags =
  'script style noscript template svg iframe object embed canvas nav aside dialog button select input textarea';
const chrome = [
  ...chromeTags.split(' '),
  ...['navigation', 'banner', 'contentinfo', 'complementary', 'search'].map((role) => `[role=${role}]`),
  '[aria-hidden=true]',
  '[hidden]',
].join(',');

/** Readability must keep at least this share of the cleaned page, or it probably missed content. */
const minimumReadableShare = 0.5;
const maxElements = 100_000;
/** Selectors and Readability slow down with depth (they look at ancestors); real pages stay far below. */
const maxDepth = 256;

/** Title and sections of a page's main content (the DOM work of `HtmlParser`, imported on its first file). */
export function htmlContent(html: string): { title: string | null; sections: ParsedSection[] } {
  const parsed = parseMarkup(html);
  const declared = parsed.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  const sections = mainSections(html, parsed);
  return { title: declared ?? firstHeading(sections), sections };
}

function mainSections(html: string, parsed: Document): ParsedSection[] {
  const root = parsed.body ?? parsed.documentElement;
  if (nestingDepth(root) > maxDepth) {
    return htmlSections(root, new Set([...chromeTags.split(' '), 'header', 'footer']));
  }
  const document = cleanDocument(parsed);
  const main = document.querySelector('main, [role=main]');
  if (main?.textContent?.trim()) return htmlSections(main);

  const bodyLength = textLength(document.body);
  const article = readableContent(document);
  if (article && textLength(article) >= bodyLength * minimumReadableShare) return htmlSections(article);
  // Readability changed the document it read; start again from the markup.
  const fresh = cleanDocument(parseMarkup(html));
  return htmlSections(fresh.body ?? fresh.documentElement);
}

function cleanDocument(document: Document): Document {
  for (const element of document.querySelectorAll(chrome)) element.remove();
  // Site headers and footers are chrome; an article's own header holds its title.
  for (const element of document.querySelectorAll('header, footer')) {
    if (!element.parentElement?.closest('article, main, [role=main]')) element.remove();
  }
  return document;
}

function readableContent(document: Document): Element | null {
  if (document.querySelectorAll('*').length > maxElements) return null;
  try {
    const reader = new Readability<Element>(document, {
      serializer: (node) => node as Element,
      maxElemsToParse: maxElements,
    });
    return reader.parse()?.content ?? null;
  } catch {
    return null;
  }
}

function textLength(element: Element | null | undefined): number {
  return element?.textContent?.replace(/\s+/g, ' ').trim().length ?? 0;
}
