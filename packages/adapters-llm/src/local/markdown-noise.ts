/**
 * Markdown that a reader of a plain-text reply should not see: images and badges, link targets,
 * reference-style link labels, inline HTML and emphasis markers. Link texts stay; code spans stay.
 */
const image = /!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?/g;
const inlineLink = /\[([^\]\n]*)\]\([^)\n]*\)/g;
const referenceLink = /\[([^\]\n]+)\]\[[^\]\n]*\]/g;
const shortcutLink = /\[([^\]\n]{1,80})\](?![(:[])/g;
const autolink = /<((?:https?|mailto):[^>\s]+)>/g;
const htmlTag = /<\/?[a-zA-Z][^>\n]*>/g;
const emphasis = /(\*\*|__)(?=\S)([^*_\n]+?)(?<=\S)\1/g;

/** Whether a line is a link reference definition (`[name]: https://…`), never quoted. */
export function isReferenceDefinition(line: string): boolean {
  return /^\s{0,3}\[[^\]\n]+\]:\s*\S+/.test(line);
}

/** Inline text with link noise removed: `[text](url)`, `[text][ref]` and `[text]` become `text`. */
export function plainInline(text: string): string {
  return text
    .replace(image, '')
    .replace(autolink, '$1')
    .replace(inlineLink, '$1')
    .replace(referenceLink, '$1')
    .replace(shortcutLink, '$1')
    .replace(htmlTag, '')
    .replace(emphasis, '$2')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
