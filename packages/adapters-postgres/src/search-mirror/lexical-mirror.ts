import { type Bm25Parameters, bm25Idf, bm25TermScore } from '@chatbuddy/core';
import { type Ranked, selectTop } from './top-k.js';

/** One chunk's terms as stored in `lexical_chunk_terms`. */
export interface ChunkPostings {
  chunkId: string;
  documentId: string;
  chunkLength: number;
  lexemes: readonly string[];
  tfs: readonly number[];
}

/** A weighted query lexeme (weight: how often the query repeats it). */
export interface QueryLexeme {
  lexeme: string;
  weight: number;
}

/** Collection statistics as `lexical_statistics` holds them. */
export interface LexicalStatistics {
  chunkCount: number;
  totalLength: number;
}

/** A compacted copy of a `LexicalMirror`'s arrays (a snapshot read back): slot i is chunk i. */
export interface LexicalState {
  chunkIds: string[];
  /** Document of each slot, as an index into `documentIds`. */
  documentIndexes: number[];
  documentIds: string[];
  lengths: Float64Array;
  lexemes: string[];
  /** Postings per lexeme; `slots` and `tfs` hold them lexeme after lexeme. */
  termSizes: Int32Array;
  slots: Int32Array;
  tfs: Float32Array;
}

/** A `LexicalState` whose postings are views of the mirror's own arrays, lexeme after lexeme. */
export interface LexicalStateView extends Omit<LexicalState, 'slots' | 'tfs'> {
  slots: Int32Array[];
  tfs: Float32Array[];
}

class TermPostings {
  slots: Int32Array = new Int32Array(4);
  tfs: Float32Array = new Float32Array(4);
  size = 0;

  push(slot: number, tf: number): void {
    if (this.size === this.slots.length) {
      const slots = new Int32Array(this.size * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Float32Array(this.size * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.size] = slot;
    this.tfs[this.size] = tf;
    this.size += 1;
  }
}

/**
 * An in-memory copy of one project's BM25 postings, scored exactly as the SQL statement of
 * `PostgresLexicalIndex` scores them (same lexemes, statistics, idf and tie order). Removing a
 * document marks its slots dead; the postings are compacted once dead slots outnumber live ones.
 */
export class LexicalMirror {
  private chunkIds: string[] = [];
  private documentOf: string[] = [];
  private lengths = new Float64Array(64);
  private alive = new Uint8Array(64);
  private readonly slotOf = new Map<string, number>();
  private readonly slotsOfDocument = new Map<string, number[]>();
  private terms = new Map<string, TermPostings>();
  private dead = 0;
  private scratch = new Float64Array(64);
  private marks = new Uint8Array(64);

  /** Live chunks with postings. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Chunk ids of a document (before removal, to evict cached chunks). */
  chunkIdsOf(documentId: string): string[] {
    return (this.slotsOfDocument.get(documentId) ?? []).map((slot) => this.chunkIds[slot]!);
  }

  removeDocument(documentId: string): void {
    for (const slot of this.slotsOfDocument.get(documentId) ?? []) this.kill(slot);
    this.slotsOfDocument.delete(documentId);
    if (this.dead > 1024 && this.dead > this.slotOf.size) this.compact();
  }

  add(chunks: readonly ChunkPostings[]): void {
    for (const chunk of chunks) {
      const existing = this.slotOf.get(chunk.chunkId);
      if (existing !== undefined) this.kill(existing);
      const slot = this.chunkIds.length;
      this.grow(slot + 1);
      this.chunkIds.push(chunk.chunkId);
      this.documentOf.push(chunk.documentId);
      this.lengths[slot] = chunk.chunkLength;
      this.alive[slot] = 1;
      this.slotOf.set(chunk.chunkId, slot);
      const slots = this.slotsOfDocument.get(chunk.documentId);
      if (slots) slots.push(slot);
      else this.slotsOfDocument.set(chunk.documentId, [slot]);
      chunk.lexemes.forEach((lexeme, index) => {
        let postings = this.terms.get(lexeme);
        if (!postings) {
          postings = new TermPostings();
          this.terms.set(lexeme, postings);
        }
        postings.push(slot, chunk.tfs[index] ?? 1);
      });
    }
  }

  /**
   * Okapi BM25 with Lucene's idf, `ln(1 + (N − df + 0.5)/(df + 0.5))`, df counted over the whole
   * project before the document filter, N and the average length from the statistics row.
   */
  search(
    query: readonly QueryLexeme[],
    topK: number,
    statistics: LexicalStatistics,
    documentIds: ReadonlySet<string> | null,
    parameters: Bm25Parameters,
  ): { chunkId: string; score: number }[] {
    const chunks = Math.max(statistics.chunkCount, 1);
    const averageLength = Math.max(statistics.totalLength / Math.max(statistics.chunkCount, 1), 1);
    if (this.scratch.length < this.chunkIds.length) {
      this.scratch = new Float64Array(this.alive.length);
      this.marks = new Uint8Array(this.alive.length);
    }
    const scores = this.scratch;
    const marks = this.marks;
    const touched: number[] = [];
    for (const { lexeme, weight } of query) {
      const postings = this.terms.get(lexeme);
      if (!postings) continue;
      let df = 0;
      for (let i = 0; i < postings.size; i += 1) df += this.alive[postings.slots[i]!]!;
      if (df === 0) continue;
      const idf = bm25Idf(chunks, df);
      for (let i = 0; i < postings.size; i += 1) {
        const slot = postings.slots[i]!;
        if (this.alive[slot] === 0) continue;
        if (documentIds && !documentIds.has(this.documentOf[slot]!)) continue;
        if (marks[slot] === 0) {
          marks[slot] = 1;
          touched.push(slot);
        }
        scores[slot] =
          scores[slot]! +
          weight * bm25TermScore(idf, postings.tfs[i]!, this.lengths[slot]!, averageLength, parameters);
      }
    }
    let best: Ranked[];
    try {
      best = selectTop(
        touched,
        touched.length,
        topK,
        (slot) => scores[slot]!,
        (slot) => this.chunkIds[slot]!,
      );
    } finally {
      for (const slot of touched) {
        scores[slot] = 0;
        marks[slot] = 0;
      }
    }
    return best.map(({ slot, score }) => ({ chunkId: this.chunkIds[slot]!, score }));
  }

  /**
   * Its arrays, compacted first (dead slots dropped), as views of its own arrays rather than
   * copies: a snapshot of 100k chunks is written from them without copying its postings. The
   * views stay valid as the mirror changes: a slot, a posting or a length once written is never
   * written again in place (new ones go after the last, growing and compacting move to new
   * arrays).
   */
  stateView(): LexicalStateView {
    if (this.dead > 0) this.compact();
    const documentIds: string[] = [];
    const indexOf = new Map<string, number>();
    const documentIndexes = this.documentOf.map((documentId) => {
      let index = indexOf.get(documentId);
      if (index === undefined) {
        index = documentIds.push(documentId) - 1;
        indexOf.set(documentId, index);
      }
      return index;
    });
    const lexemes: string[] = [];
    const termSizes = new Int32Array(this.terms.size);
    const slots: Int32Array[] = [];
    const tfs: Float32Array[] = [];
    for (const [lexeme, postings] of this.terms) {
      termSizes[lexemes.length] = postings.size;
      lexemes.push(lexeme);
      slots.push(postings.slots.subarray(0, postings.size));
      tfs.push(postings.tfs.subarray(0, postings.size));
    }
    return {
      chunkIds: this.chunkIds.slice(),
      documentIndexes,
      documentIds,
      lengths: this.lengths.subarray(0, this.chunkIds.length),
      lexemes,
      termSizes,
      slots,
      tfs,
    };
  }

  /**
   * A mirror holding exactly `state` (what `stateView` describes, its postings joined); it keeps
   * views of the state's postings arrays, which must not change afterwards.
   */
  static fromState(state: LexicalState): LexicalMirror {
    const mirror = new LexicalMirror();
    const count = state.chunkIds.length;
    if (state.documentIndexes.length !== count || state.lengths.length !== count)
      throw new Error('inconsistent lexical state');
    mirror.grow(Math.max(64, count));
    mirror.chunkIds = [...state.chunkIds];
    mirror.documentOf = state.documentIndexes.map((index) => state.documentIds[index]!);
    mirror.lengths.set(state.lengths);
    mirror.alive.fill(1, 0, count);
    mirror.chunkIds.forEach((chunkId, slot) => {
      mirror.slotOf.set(chunkId, slot);
      const documentId = mirror.documentOf[slot]!;
      const slots = mirror.slotsOfDocument.get(documentId);
      if (slots) slots.push(slot);
      else mirror.slotsOfDocument.set(documentId, [slot]);
    });
    let offset = 0;
    state.lexemes.forEach((lexeme, index) => {
      const size = state.termSizes[index]!;
      const postings = new TermPostings();
      // Views, not copies: a view's length is its size, so a push reallocates before it could
      // write into the next lexeme's postings.
      postings.slots = state.slots.subarray(offset, offset + size);
      postings.tfs = state.tfs.subarray(offset, offset + size);
      postings.size = size;
      if (size === 0 || postings.slots.some((slot) => slot < 0 || slot >= count))
        throw new Error('inconsistent lexical state');
      mirror.terms.set(lexeme, postings);
      offset += size;
    });
    if (offset !== state.slots.length) throw new Error('inconsistent lexical state');
    return mirror;
  }

  private kill(slot: number): void {
    if (this.alive[slot] === 0) return;
    this.alive[slot] = 0;
    this.dead += 1;
    const chunkId = this.chunkIds[slot]!;
    if (this.slotOf.get(chunkId) === slot) this.slotOf.delete(chunkId);
  }

  private grow(needed: number): void {
    if (needed <= this.alive.length) return;
    const capacity = Math.max(needed, this.alive.length * 2);
    const lengths = new Float64Array(capacity);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
  }

  /** Renumbers live slots densely and drops dead postings. */
  private compact(): void {
    const renumber = new Int32Array(this.chunkIds.length).fill(-1);
    const chunkIds: string[] = [];
    const documentOf: string[] = [];
    const lengths = new Float64Array(Math.max(64, this.slotOf.size * 2));
    const alive = new Uint8Array(lengths.length);
    for (let slot = 0; slot < this.chunkIds.length; slot += 1) {
      if (this.alive[slot] === 0) continue;
      const next = chunkIds.length;
      renumber[slot] = next;
      chunkIds.push(this.chunkIds[slot]!);
      documentOf.push(this.documentOf[slot]!);
      lengths[next] = this.lengths[slot]!;
      alive[next] = 1;
    }
    const terms = new Map<string, TermPostings>();
    for (const [lexeme, postings] of this.terms) {
      const kept = new TermPostings();
      for (let i = 0; i < postings.size; i += 1) {
        const next = renumber[postings.slots[i]!]!;
        if (next >= 0) kept.push(next, postings.tfs[i]!);
      }
      if (kept.size > 0) terms.set(lexeme, kept);
    }
    this.chunkIds = chunkIds;
    this.documentOf = documentOf;
    this.lengths = lengths;
    this.alive = alive;
    this.terms = terms;
    this.dead = 0;
    this.slotOf.clear();
    chunkIds.forEach((chunkId, slot) => {
      this.slotOf.set(chunkId, slot);
    });
    for (const [documentId, slots] of this.slotsOfDocument)
      this.slotsOfDocument.set(
        documentId,
        slots.map((slot) => renumber[slot]!).filter((slot) => slot >= 0),
      );
    this.scratch = new Float64Array(lengths.length);
    this.marks = new Uint8Array(lengths.length);
  }
}
