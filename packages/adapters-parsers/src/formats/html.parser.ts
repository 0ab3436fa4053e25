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
    // The DOM library (about 25 MiB) is imported on the first HTML file, not at start (decision 0017).
    const { htmlContent } = await import('./html-content.js');
    return htmlContent(html);
  }
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
