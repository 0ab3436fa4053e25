/**
 * Guards around mdast-util-from-markdown, whose cost grows faster than the input on long documents
 * with many lists and on deeply nested containers.
 */

const segmentTarget = 4096;
/**
 * No segment outside a code block grows past this, blank line or not, and a longer line is cut:
 * inside one paragraph the parser's cost grows with the square of its length on link-like text
 * (256 KB of `[a](` took 44 s as one paragraph, 2.7 s cut into lines). A cut can only split
 * emphasis or a link that spans it, in text no real document holds in one block.
 */
const segmentLimit = 8192;
const maxNesting = 16;
const fence = /^ {0,3}(`{3,}|~{3,})/;
const atxHeading = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const quotePrefix = /^[ \t]{0,3}>[ \t]?/;
const listMarker = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/** `line` in pieces of at most `segmentLimit` characters, cut after white space when there is some. */
function cutLine(line: string): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > segmentLimit) {
    let cut = rest.lastIndexOf(' ', segmentLimit);
    if (cut < segmentLimit / 2) cut = segmentLimit;
    // Never between the two halves of a surrogate pair.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits Markdown into pieces that parse independently: before each ATX heading, at a blank line
 * once a piece is long enough, and at any line once it reaches `segmentLimit` (a longer line is
 * cut) — never inside a fenced code block.
 */
export function splitMarkdown(source: string): string[] {
  const segments: string[] = [];
  let current: string[] = [];
  let size = 0;
  let openFence: string | null = null;
  const close = () => {
    if (current.length > 0) segments.push(current.join('\n'));
    current = [];
    size = 0;
  };
  for (const line of source.split('\n')) {
    const fenceMatch = fence.exec(line);
    if (openFence) {
      if (fenceMatch && fenceMatch[1]![0] === openFence[0] && fenceMatch[1]!.length >= openFence.length) {
        openFence = null;
      }
    } else if (fenceMatch) {
      openFence = fenceMatch[1]!;
    } else if (atxHeading.test(line)) {
      close();
    }
    if (openFence || fenceMatch) {
      current.push(line);
      size += line.length + 1;
      continue;
    }
    for (const piece of line.length > segmentLimit ? cutLine(line) : [line]) {
      if (size > 0 && size + piece.length >= segmentLimit) close();
      current.push(piece);
      size += piece.length + 1;
    }
    if (line.trim() === '' && size >= segmentTarget) close();
  }
  close();
  return segments;
}

/** Whether some line sits under more nested block quotes or lists than real documents use. */
export function nestsTooDeeply(source: string): boolean {
  const listIndents: number[] = [];
  for (const line of source.split('\n')) {
    let rest = line;
    let quotes = 0;
    for (let match = quotePrefix.exec(rest); match; match = quotePrefix.exec(rest)) {
      if (++quotes > maxNesting) return true;
      rest = rest.slice(match[0].length);
    }
    const marker = listMarker.exec(rest);
    if (!marker) continue;
    const indent = marker[1]!.replace(/\t/g, '    ').length;
    while (listIndents.length > 0 && listIndents[listIndents.length - 1]! >= indent) listIndents.pop();
    listIndents.push(indent);
    if (listIndents.length + quotes > maxNesting) return true;
    // Markers on one line ("- 1. - x") nest as well.
    rest = rest.slice(marker[0].length);
    for (let depth = listIndents.length + quotes; ; depth++) {
      const next = listMarker.exec(rest);
      if (!next) break;
      if (depth >= maxNesting) return true;
      rest = rest.slice(next[0].length);
    }
  }
  return false;
}
