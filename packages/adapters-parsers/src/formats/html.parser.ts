import { unprocessableDocument } from '../parse-errors.js';
import type { FormatParser, ParsedContent } from '../sections.js';
import { decodeText } from '../text-decoding.js';

/**
 * HTML: the main content (`<main>`, else what Readability finds, else the body) without navigation,
 * headers, footers, scripts or styles; headings become section heading paths. The title is `<title>`,
 * else the first heading (`<h1>`…`<h6>`) of the main content.
 */
export class HtmlParser implements FormatParser {
  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const html = decodeHtml(bytes);
    if (markupDepth(html) > maxMarkupDepth) {
      throw unprocessableDocument(`The HTML file nests elements deeper than ${maxMarkupDepth} levels`, {
        maxDepth: maxMarkupDepth,
      });
    }
    // The DOM library (about 25 MiB) is imported on the first HTML file, not at start (decision 0017).
    const { htmlContent } = await import('./html-content.js');
    return htmlContent(html);
  }
}

/**
 * Deeper nesting is refused before the markup is parsed: the HTML parser's cost per tag grows with
 * the depth of open elements, so 100,000 nested `<div>` (1.1 MB) took 13 s and a 20 MB file would
 * take hours. Real pages stay far below (the content walk already gives up on structure past 256).
 */
const maxMarkupDepth = 5_000;
// Elements that never hold others, and those a following tag closes without an end tag.
const unnested = new Set(
  (
    'area base br col embed hr img input link meta source track wbr param keygen command basefont frame ' +
    'p li dt dd option optgroup tr td th tbody thead tfoot rb rt rtc rp head body html'
  ).split(' '),
);
const tagPattern = /<(\/?)([a-zA-Z][\w:-]*)/g;

/** The deepest nesting of elements the start and end tags of `html` make (a linear scan, no parsing). */
export function markupDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(tagPattern)) {
    if (unnested.has(match[2]!.toLowerCase())) continue;
    if (match[1]) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** UTF-8 first; otherwise the charset the page declares, since older pages are often Latin-1. */
function decodeHtml(bytes: Uint8Array): string {
  try {
    return decodeText(bytes, 'HTML');
  } catch (error) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    const charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
    if (!charset || /^utf-?8$/i.test(charset)) throw error;
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      throw unprocessableDocument(`The HTML file declares an unknown charset: ${charset}`, { charset });
    }
  }
}
