const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The first `length` UTF-16 code units of `text`, one fewer when the cut would split a surrogate
 * pair (an emoji, a rare CJK character): half a pair cannot be stored, so a title, snippet or
 * summary cut from user text must never end in one.
 */
export function truncateText(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = Math.max(0, length);
  return text.slice(0, end > 0 && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end);
}

/** The last `length` code units of `text`, one fewer when the cut would split a surrogate pair. */
export function truncateTextStart(text: string, length: number): string {
  if (text.length <= length) return text;
  const start = text.length - Math.max(0, length);
  return text.slice(start < text.length && isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}

/** `text` as it is when at most `max` code units long, else cut to `max - 1` and ended with `…`. */
export function ellipsise(text: string, max: number): string {
  return text.length > max ? `${truncateText(text, max - 1)}…` : text;
}
