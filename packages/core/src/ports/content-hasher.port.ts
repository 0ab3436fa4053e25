/**
 * SHA-256 of document text, for duplicate detection: equal text gives an equal digest in every
 * deployment and forever, since stored digests are compared with new ones. Unkeyed, so not for
 * secrets: those go through `SecretHasher`.
 */
export const ContentHasher = Symbol.for('chatbuddy.ContentHasher');
export interface ContentHasher {
  /** Lower-case hex SHA-256 digest (64 digits) of the UTF-8 bytes of `text`. */
  hash(text: string): string;
}
