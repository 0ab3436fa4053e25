/**
 * Where one sentence ends and the next begins: whitespace after terminal punctuation (optionally
 * closed by quotes or brackets), after a CJK full stop, or a line break. Punctuation inside a
 * token (`evil.example/x.png?d=1`, `3.5`) ends nothing. The one sentence rule of the product:
 * chunking, reranking, passage sanitising, conversation summaries and extractive answers use it.
 *
 * Its cost is linear in the text, whatever the text: a line break's leading spaces are matched
 * only from the start of their run, and at most `maxClosers` closing marks are looked back over.
 * Unbounded, both made a long run of spaces or of brackets take time quadratic in its length
 * (seconds for 32,000 characters).
 */
/** Closing quotes and brackets allowed between terminal punctuation and the space after it. */
const maxClosers = 8;
const boundarySource = String.raw`(?<=[.!?…][)"'”’\]]{0,${maxClosers}})\s+|(?<=[。！？])(?=\S)|(?<![ \t])[ \t]*\n\s*`;

/** A fresh global pattern matching sentence boundaries (the whitespace between sentences). */
export function sentenceBoundaryPattern(): RegExp {
  return new RegExp(boundarySource, 'g');
}

const boundary = sentenceBoundaryPattern();

/** The sentences of `text`, each with the whitespace after it: joined, they give `text` back. */
export function sentenceSpans(text: string): string[] {
  const spans: string[] = [];
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (end > start && match.index > start) {
      spans.push(text.slice(start, end));
      start = end;
    }
  }
  if (start < text.length) spans.push(text.slice(start));
  return spans;
}

/** The sentences of `text`, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}
