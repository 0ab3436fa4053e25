import { splitSentences } from '@chatbuddy/core';
import { isReferenceDefinition, plainInline } from './markdown-noise.js';

/** What an excerpt unit is: one sentence of a paragraph, or a whole list, code block or table. */
export type ExcerptKind = 'sentence' | 'list' | 'code' | 'table';

/** A piece of a passage that can be quoted whole. */
export interface ExcerptUnit {
  kind: ExcerptKind;
  /** The text to quote: prose without link noise; a list, code block or table with its lead-in. */
  text: string;
  /** The block (paragraph, list, code block, table) it comes from; sentences of one paragraph share it. */
  block: number;
  /** Position of a sentence in its paragraph (0 for other kinds). */
  position: number;
  /** Headings written inside the passage above the unit, outermost first. */
  headings: readonly string[];
}

type BlockKind = 'paragraph' | 'list' | 'code' | 'table';

interface Block {
  kind: BlockKind;
  lines: string[];
  headings: string[];
}

const fence = /^\s{0,3}(```|~~~)/;
const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const listItem = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const tableRow = /^\s*\|/;

/** Splits Markdown (or plain) text into blocks; headings, HTML-only lines and link definitions are dropped. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const headings: string[] = [];
  let current: Block | null = null;
  let fenceMarker: string | null = null;
  const start = (kind: BlockKind, line: string) => {
    current = { kind, lines: [line], headings: [...headings] };
    blocks.push(current);
  };
  for (const line of text.split('\n')) {
    const block = current as Block | null;
    if (fenceMarker !== null && block) {
      block.lines.push(line);
      if (line.trim().startsWith(fenceMarker)) [fenceMarker, current] = [null, null];
      continue;
    }
    const fenceMatch = fence.exec(line);
    const headingMatch = heading.exec(line);
    if (fenceMatch) {
      fenceMarker = fenceMatch[1]!;
      start('code', line);
    } else if (headingMatch) {
      headings.splice(headingMatch[1]!.length - 1, headings.length, plainInline(headingMatch[2]!));
      current = null;
    } else if (!line.trim()) {
      // A blank line ends a paragraph; a list goes on when its next line is an item or indented.
      if (block?.kind !== 'list') current = null;
    } else if (isReferenceDefinition(line) || !plainInline(line)) {
      current = null;
    } else if (listItem.test(line)) {
      if (block?.kind === 'list') block.lines.push(line);
      else start('list', line);
    } else if (tableRow.test(line)) {
      if (block?.kind === 'table') block.lines.push(line);
      else start('table', line);
    } else if (block?.kind === 'list' && /^\s{2,}/.test(line)) {
      block.lines.push(line);
    } else if (block?.kind === 'paragraph') {
      block.lines.push(line);
    } else {
      start('paragraph', line);
    }
  }
  return blocks;
}

const listLine = /^(\s*(?:(?:[-*+]|\d{1,3}[.)])\s+)?)(.*)$/;

function blockText(block: Block): string {
  if (block.kind === 'code') return block.lines.join('\n').trimEnd();
  return block.lines
    .map((line) => {
      const [, marker = '', rest = ''] = listLine.exec(line) ?? [];
      // Top-level items start at the margin; nested items and continuation lines keep their indent.
      return `${marker.replace(/^\s{0,1}(?=\S)/, '')}${plainInline(rest)}`;
    })
    .filter((line) => line.trim())
    .join('\n');
}

/**
 * The quotable units of a passage, in document order: each sentence of a paragraph, and each
 * list, code block or table whole, preceded by the last sentence of the paragraph right above it
 * (its lead-in: "Install it with:").
 */
export function excerptUnits(text: string): ExcerptUnit[] {
  const units: ExcerptUnit[] = [];
  let previous: { block: Block; lastSentence: string } | null = null;
  blocksOf(text).forEach((block, index) => {
    if (block.kind === 'paragraph') {
      const lines = block.lines.map((line) => line.replace(/^\s*>\s?/, ''));
      const sentences = splitSentences(plainInline(lines.join(' ')));
      sentences.forEach((sentence, position) => {
        units.push({ kind: 'sentence', text: sentence, block: index, position, headings: block.headings });
      });
      previous = { block, lastSentence: sentences.at(-1) ?? '' };
      return;
    }
    const leadIn = previous && sameHeadings(previous.block, block) ? previous.lastSentence : '';
    // "Install it with:" says nothing alone: it is quoted with what it introduces.
    if (leadIn.endsWith(':') && units.at(-1)?.text === leadIn) units.pop();
    const body = blockText(block);
    if (body) {
      units.push({
        kind: block.kind,
        text: leadIn ? `${leadIn}\n${body}` : body,
        block: index,
        position: 0,
        headings: block.headings,
      });
    }
    previous = null;
  });
  return units;
}

/** Whether two blocks sit under the same headings (no heading line between them). */
function sameHeadings(first: Block, second: Block): boolean {
  return (
    first.headings.length === second.headings.length &&
    first.headings.every((name, index) => name === second.headings[index])
  );
}
