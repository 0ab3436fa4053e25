/**
 * Where one sentence ends and the next begins: whitespace after terminal punctuation (optionally
 * closed by quotes or brackets), after a CJK full stop, or a line break. Punctuation inside a
 * token (`evil.example/x.png?d=1`, `3.5`) ends nothing. The one sentence rule of the product:
 * chunking, reranking, passage sanitising, conversation summaries and extractive answers use it.
 */
const boundarySource = String.raw`(?<=[.!?…][)"'”’\]]*)\s+|(?<=[。！？])(?=\S)|[ \t]*\n\s*`;

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
