import { selectTop } from './top-k.js';

/** One stored vector, as read from `chunk_embeddings`. */
export interface StoredVector {
  chunkId: string;
  documentId: string;
  values: Float32Array;
}

/** A compacted copy of one dimension's vectors (for snapshots): `data` is dimension-major, `count` per dimension. */
export interface VectorState {
  dimensions: number;
  chunkIds: string[];
  documentIds: string[];
  data: Float32Array;
}

/** A `VectorState` whose values are views of the mirror's own array, in the order stored. */
export interface VectorStateView extends Omit<VectorState, 'data'> {
  data: Float32Array[];
}

/** Vectors of one dimension, stored column by column (dimension-major) as unit vectors. */
class VectorMatrix {
  capacity = 64;
  count = 0;
  data: Float32Array;
  chunkIds: string[] = [];
  documentOf: string[] = [];
  alive = new Uint8Array(64);
  dead = 0;

  constructor(readonly dimensions: number) {
    this.data = new Float32Array(dimensions * this.capacity);
  }

  append(vector: StoredVector): number {
    if (this.count === this.capacity) this.resize(this.grown(this.count + 1));
    const slot = this.count;
    let norm = 0;
    for (const value of vector.values) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < this.dimensions; d += 1)
      this.data[d * this.capacity + slot] = vector.values[d]! * scale;
    this.chunkIds.push(vector.chunkId);
    this.documentOf.push(vector.documentId);
    this.alive[slot] = 1;
    this.count += 1;
    return slot;
  }

  /** Copies live vectors into a dense matrix; returns the old slot → new slot map. */
  compact(): Int32Array {
    const renumber = new Int32Array(this.count).fill(-1);
    let next = 0;
    for (let slot = 0; slot < this.count; slot += 1) if (this.alive[slot]) renumber[slot] = next++;
    const capacity = Math.max(64, next * 2);
    const data = new Float32Array(this.dimensions * capacity);
    for (let d = 0; d < this.dimensions; d += 1) {
      const from = d * this.capacity;
      const to = d * capacity;
      for (let slot = 0; slot < this.count; slot += 1) {
        const target = renumber[slot]!;
        if (target >= 0) data[to + target] = this.data[from + slot]!;
      }
    }
    this.chunkIds = this.chunkIds.filter((_, slot) => renumber[slot]! >= 0);
    this.documentOf = this.documentOf.filter((_, slot) => renumber[slot]! >= 0);
    this.alive = new Uint8Array(capacity).fill(1, 0, next);
    this.data = data;
    this.capacity = capacity;
    this.count = next;
    this.dead = 0;
    return renumber;
  }

  /**
   * Makes room for `more` vectors at once: exactly for a bulk load into an empty matrix, else by
   * the usual growth, so the change feed's batches do not copy the whole matrix each time.
   */
  reserve(more: number): void {
    const needed = this.count + more;
    if (needed > this.capacity) this.resize(this.count === 0 ? needed : this.grown(needed));
  }

  /**
   * A capacity of at least `needed`, a quarter larger than today's (at least 64 slots): each
   * vector is copied a bounded number of times on average, and a large mirror does not double.
   */
  private grown(needed: number): number {
    return Math.max(needed, this.capacity + Math.max(64, this.capacity >> 2));
  }

  private resize(capacity: number): void {
    const data = new Float32Array(this.dimensions * capacity);
    for (let d = 0; d < this.dimensions; d += 1)
      data.set(this.data.subarray(d * this.capacity, d * this.capacity + this.count), d * capacity);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.data = data;
    this.alive = alive;
    this.capacity = capacity;
  }
}

/**
 * An in-memory copy of one project's vectors with exact cosine search. Vectors are kept as unit
 * vectors in dimension-major order, so a query adds one column per non-zero query component:
 * a sparse query (the `local` embedder's) costs its non-zeros × chunks, a dense one a full scan.
 */
export class VectorMirror {
  private readonly matrices = new Map<number, VectorMatrix>();
  private readonly slotOf = new Map<string, { matrix: VectorMatrix; slot: number }>();
  private readonly chunksOfDocument = new Map<string, Set<string>>();
  private scratch = new Float64Array(64);
  private candidates = new Int32Array(64);

  get size(): number {
    return this.slotOf.size;
  }

  /** Vector slots allocated, used or not (what the matrices hold in memory). */
  get reservedSlots(): number {
    let slots = 0;
    for (const matrix of this.matrices.values()) slots += matrix.capacity;
    return slots;
  }

  chunkIdsOf(documentId: string): string[] {
    return [...(this.chunksOfDocument.get(documentId) ?? [])];
  }

  removeDocument(documentId: string): void {
    for (const chunkId of this.chunksOfDocument.get(documentId) ?? []) this.remove(chunkId);
    this.chunksOfDocument.delete(documentId);
  }

  add(vectors: readonly StoredVector[]): void {
    if (vectors.length > 64) {
      const byDimensions = new Map<number, number>();
      for (const vector of vectors)
        byDimensions.set(vector.values.length, (byDimensions.get(vector.values.length) ?? 0) + 1);
      for (const [dimensions, count] of byDimensions) this.matrix(dimensions).reserve(count);
    }
    for (const vector of vectors) {
      this.remove(vector.chunkId);
      const matrix = this.matrix(vector.values.length);
      const slot = matrix.append(vector);
      this.slotOf.set(vector.chunkId, { matrix, slot });
      const chunks = this.chunksOfDocument.get(vector.documentId);
      if (chunks) chunks.add(vector.chunkId);
      else this.chunksOfDocument.set(vector.documentId, new Set([vector.chunkId]));
    }
  }

  /** Nearest vectors of the query's dimension by cosine similarity (a zero vector scores 0). */
  query(
    embedding: readonly number[],
    topK: number,
    documentIds: ReadonlySet<string> | null,
  ): { chunkId: string; score: number }[] {
    const matrix = this.matrices.get(embedding.length);
    if (!matrix || matrix.count === 0) return [];
    let norm = 0;
    for (const value of embedding) norm += value * value;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    if (this.scratch.length < matrix.count) {
      this.scratch = new Float64Array(matrix.capacity);
      this.candidates = new Int32Array(matrix.capacity);
    }
    const scores = this.scratch;
    scores.fill(0, 0, matrix.count);
    const { data, capacity, count } = matrix;
    for (let d = 0; d < embedding.length; d += 1) {
      const weight = embedding[d]! * scale;
      if (weight === 0) continue;
      const offset = d * capacity;
      for (let slot = 0; slot < count; slot += 1)
        scores[slot] = scores[slot]! + weight * data[offset + slot]!;
    }
    const candidates = this.candidates;
    let included = 0;
    for (let slot = 0; slot < count; slot += 1) {
      if (matrix.alive[slot] === 0) continue;
      if (documentIds && !documentIds.has(matrix.documentOf[slot]!)) continue;
      candidates[included++] = slot;
    }
    return selectTop(
      candidates,
      included,
      topK,
      (slot) => Math.min(1, Math.max(-1, scores[slot]!)),
      (slot) => matrix.chunkIds[slot]!,
    ).map(({ slot, score }) => ({ chunkId: matrix.chunkIds[slot]!, score }));
  }

  /**
   * Its matrices, compacted first (removed vectors dropped), each matrix's values as views of its
   * own array, one per dimension (or one for the whole matrix when it is full): a snapshot is
   * written from them without copying 200 MB at 100k chunks. The views stay valid as the mirror
   * changes: a stored value is never written again in place (new vectors go after the last,
   * growing and compacting move to a new array).
   */
  stateView(): VectorStateView[] {
    const states: VectorStateView[] = [];
    for (const matrix of this.matrices.values()) {
      if (matrix.dead > 0) {
        const renumber = matrix.compact();
        for (const [id, located] of this.slotOf)
          if (located.matrix === matrix) this.slotOf.set(id, { matrix, slot: renumber[located.slot]! });
      }
      const { data, capacity, count, dimensions } = matrix;
      const values =
        count === capacity
          ? [data]
          : Array.from({ length: dimensions }, (_, d) => data.subarray(d * capacity, d * capacity + count));
      states.push({
        dimensions,
        chunkIds: matrix.chunkIds.slice(0, count),
        documentIds: matrix.documentOf.slice(0, count),
        data: values,
      });
    }
    return states;
  }

  /**
   * A mirror holding exactly `states` (what `stateView` describes, its values joined); it may
   * keep the states' `data` arrays, which must not change afterwards.
   */
  static fromState(states: readonly VectorState[]): VectorMirror {
    const mirror = new VectorMirror();
    for (const state of states) {
      const count = state.chunkIds.length;
      if (state.documentIds.length !== count || state.data.length !== state.dimensions * count)
        throw new Error('inconsistent vector state');
      const matrix = mirror.matrix(state.dimensions);
      if (count >= 64) {
        // Full to capacity, the matrix has the state's layout: it keeps the state's array, and
        // the next vector appended moves it to a larger one.
        matrix.capacity = count;
        matrix.data = state.data;
      } else {
        matrix.capacity = 64;
        matrix.data = new Float32Array(state.dimensions * matrix.capacity);
        for (let d = 0; d < state.dimensions; d += 1)
          matrix.data.set(state.data.subarray(d * count, (d + 1) * count), d * matrix.capacity);
      }
      matrix.chunkIds = [...state.chunkIds];
      matrix.documentOf = [...state.documentIds];
      matrix.alive = new Uint8Array(matrix.capacity).fill(1, 0, count);
      matrix.count = count;
      state.chunkIds.forEach((chunkId, slot) => {
        mirror.slotOf.set(chunkId, { matrix, slot });
        const documentId = state.documentIds[slot]!;
        const chunks = mirror.chunksOfDocument.get(documentId);
        if (chunks) chunks.add(chunkId);
        else mirror.chunksOfDocument.set(documentId, new Set([chunkId]));
      });
    }
    return mirror;
  }

  private matrix(dimensions: number): VectorMatrix {
    let matrix = this.matrices.get(dimensions);
    if (!matrix) {
      matrix = new VectorMatrix(dimensions);
      this.matrices.set(dimensions, matrix);
    }
    return matrix;
  }

  private remove(chunkId: string): void {
    const entry = this.slotOf.get(chunkId);
    if (!entry) return;
    const { matrix, slot } = entry;
    matrix.alive[slot] = 0;
    matrix.dead += 1;
    this.slotOf.delete(chunkId);
    const documentId = matrix.documentOf[slot]!;
    this.chunksOfDocument.get(documentId)?.delete(chunkId);
    if (matrix.dead > 1024 && matrix.dead > matrix.count - matrix.dead) {
      const renumber = matrix.compact();
      for (const [id, located] of this.slotOf)
        if (located.matrix === matrix) this.slotOf.set(id, { matrix, slot: renumber[located.slot]! });
    }
  }
}
