import type { FormatParser, ParsedContent } from '../sections.js';
import { SectionBuilder } from '../sections.js';
import { decodeText, normaliseText } from '../text-decoding.js';
import { nestsTooDeeply, splitMarkdown } from './markdown-segments.js';
import { blockText, inlineText } from './markdown-text.js';

/**
 * Markdown (CommonMark via mdast-util-from-markdown): one section per heading, keeping the path of
 * headings above it; the title is the front matter's `title:`, else the first heading that appears
 * (of any level: a README's first H1 may be "License" at the end). Lists and code blocks stay as text.
 */
export class MarkdownParser implements FormatParser {
  async parse(bytes: Uint8Array): Promise<ParsedContent> {
    const { body: source, title: frontMatterTitle } = splitFrontMatter(
      decodeText(bytes, 'Markdown').replace(/\r\n?/g, '\n'),
    );
    if (nestsTooDeeply(source)) {
      // Nothing is lost: such text is not meaningful Markdown structure, so keep it as plain text.
      const text = normaliseText(source);
      return { title: frontMatterTitle, sections: text ? [{ headingPath: [], text }] : [] };
    }
    // The CommonMark parser is imported on the first Markdown file, not at start.
    const { fromMarkdown } = await import('mdast-util-from-markdown');
    const sections = new SectionBuilder();
    let title: string | null = null;
    for (const node of splitMarkdown(source).flatMap((segment) => fromMarkdown(segment).children)) {
      if (node.type === 'heading') {
        const heading = inlineText(node);
        if (title === null && heading) title = heading;
        sections.heading(node.depth, heading);
      } else {
        sections.block(blockText(node));
      }
    }
    return { title: frontMatterTitle ?? title, sections: sections.build() };
  }
}

/**
 * Removes YAML front matter (`---` … `---` at the very start), which would otherwise read as a
 * setext heading, and keeps its `title:`, which the author declared as the title.
 */
function splitFrontMatter(source: string): { body: string; title: string | null } {
  const match = /^---\n([\s\S]{0,8192}?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { body: source, title: null };
  const title = /^title:[ \t]*(.+)$/m
    .exec(match[1]!)?.[1]
    ?.trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return { body: source.slice(match[0].length), title: title || null };
}
