import type { ContentHasher } from '../../ports/content-hasher.port.js';

/** Line endings as `\n` (stored content, so chunk offsets match what is read back). */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * The text duplicate detection compares: Unicode NFC, `\n` line endings, no trailing spaces on
 * lines, runs of blank lines collapsed, trimmed. Cosmetic re-saves of a file are duplicates;
 * any change of words is not.
 */
export function normaliseForHash(text: string): string {
  return (
    normaliseLineEndings(text.normalize('NFC'))
      // Matched from the start of a run only: linear in a long run of spaces that does not end a line.
      .replace(/(?<![ \t\u00a0])[ \t\u00a0]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** `sha256:<hex>` of the normalised content; stable across deployments (no key, unlike SecretHasher). */
export function contentHash(text: string, hasher: ContentHasher): string {
  return `sha256:${hasher.hash(normaliseForHash(text))}`;
}
