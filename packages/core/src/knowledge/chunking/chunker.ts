import type { Metadata } from '../../shared/common.js';
import { invalidInput } from '../../shared/domain-error.js';
import type { ParsedDocument } from '../../ports/document-parser.port.js';
import { rangeCounterOf, type TokenCounter } from '../../ports/token-counter.port.js';
import { packPieces } from './packing.js';
import { layoutSections } from './section-layout.js';
import { splitIntoPieces } from './text-pieces.js';

export interface ChunkingOptions {
  /** Most tokens a chunk may hold (counted with the `TokenCounter` on the chunk's exact text). */
  maxTokens: number;
  /** Tokens of the end of a chunk repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
  /** A chunk may end early at a stronger boundary (paragraph over sentence) once this share full. */
  minFillRatio: number;
}

/**
 * Defaults, chosen for short business documents (FAQs, pricing, policies) and the embedders of §4:
 * - `maxTokens: 300` — one FAQ answer or policy clause (typically 50–250 tokens) fits in one chunk
 *   with its heading, so a hit carries a whole answer; it stays well under the 512-token input of
 *   small embedding models even with the heading path prepended and a tokenizer that counts
 *   differently from the embedder's; and 6–8 retrieved chunks (~2k tokens) leave room for the
 *   conversation in an 8k-context chat model.
 * - `overlapTokens: 45` (15 %) — about one or two sentences, whole sentences only: a fact cut at a
 *   chunk border is still found with its lead-in, at ~15 % more vectors.
 * - `minFillRatio: 0.5` — ending at a paragraph or list boundary is worth a chunk half empty, but
 *   not a chunk of a few words.
 */
export const defaultChunkingOptions: Readonly<ChunkingOptions> = Object.freeze({
  maxTokens: 300,
  overlapTokens: 45,
  minFillRatio: 0.5,
});

/** A chunk before it gets an id: an exact slice of the document text with its structure. */
export interface TextChunk {
  /** Equals `document.text.slice(charStart, charEnd)`; never starts or ends with whitespace. */
  text: string;
  headingPath: string[];
  tokenCount: number;
  charStart: number;
  charEnd: number;
  /** The section's metadata (e.g. `{ page: 3 }`). */
  metadata: Metadata;
}

/** Checks chunking options and fills in defaults. */
export function resolveChunkingOptions(options: Partial<ChunkingOptions> = {}): ChunkingOptions {
  const resolved = { ...defaultChunkingOptions, ...options };
  if (!Number.isInteger(resolved.maxTokens) || resolved.maxTokens < 1) {
    throw invalidInput('maxTokens must be a positive integer');
  }
  if (!Number.isInteger(resolved.overlapTokens) || resolved.overlapTokens < 0) {
    throw invalidInput('overlapTokens must be a non-negative integer');
  }
  if (resolved.overlapTokens >= resolved.maxTokens) {
    throw invalidInput('overlapTokens must be smaller than maxTokens');
  }
  if (!(resolved.minFillRatio >= 0 && resolved.minFillRatio <= 1)) {
    throw invalidInput('minFillRatio must be between 0 and 1');
  }
  return resolved;
}

/**
 * Splits a parsed document into retrieval chunks. Pure and deterministic: sections (headings) are
 * never mixed in one chunk; inside a section the text is cut at paragraphs, lines and list items,
 * sentences, then words, and only as a last resort inside a word; pieces are packed up to
 * `maxTokens` with `overlapTokens` of overlap. Every non-whitespace character of `document.text`
 * is in at least one chunk, and each chunk's text is the exact slice `[charStart, charEnd)`.
 * No chunk exceeds `maxTokens`, except a single character that alone counts more.
 */
export function chunkDocument(
  document: ParsedDocument,
  counter: TokenCounter,
  options: Partial<ChunkingOptions> = {},
): TextChunk[] {
  return [...chunkSections(document, counter, options)].flat();
}

/**
 * `chunkDocument` one section at a time: the chunks of each section in document order, made
 * when the next one is asked for (a caller can write a section's chunks while the next is cut).
 * Sections without chunks give none. Options are checked before the first is made.
 */
export function chunkSections(
  document: ParsedDocument,
  counter: TokenCounter,
  options: Partial<ChunkingOptions> = {},
): Generator<TextChunk[], void, undefined> {
  const limits = resolveChunkingOptions(options);
  return sectionChunks(document, counter, limits);
}

function* sectionChunks(
  document: ParsedDocument,
  counter: TokenCounter,
  limits: ChunkingOptions,
): Generator<TextChunk[], void, undefined> {
  const { text } = document;
  for (const section of layoutSections(document)) {
    // Every count is of a slice of the section (chunks never cross one), so a tokenizer splits
    // each section once, when its chunks are made.
    const sectionText = text.slice(section.start, section.end);
    const countSection = rangeCounterOf(counter, sectionText);
    const offset = section.start;
    const countRange = (start: number, end: number) => countSection(start - offset, end - offset);
    const pieces = splitIntoPieces(text, section.start, section.end, countRange, limits.maxTokens);
    const chunks: TextChunk[] = [];
    for (const range of packPieces(pieces, countRange, limits)) {
      chunks.push({
        text: text.slice(range.start, range.end),
        headingPath: [...section.headingPath],
        tokenCount: range.tokens,
        charStart: range.start,
        charEnd: range.end,
        metadata: { ...section.metadata },
      });
    }
    if (chunks.length > 0) yield chunks;
  }
}
