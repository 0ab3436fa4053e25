import type { Chunk, ScoredChunk } from '../../knowledge/index.js';

/** A candidate after fusing the vector and lexical lists. */
export interface FusedCandidate {
  chunk: Chunk;
  /** Fused score (higher is better; scale depends on the method). */
  score: number;
  /** Cosine similarity from the vector list, null when only the lexical list found it. */
  vectorScore: number | null;
  /** Raw lexical (BM25) score, null when only the vector list found it. */
  lexicalScore: number | null;
  /** 1-based ranks in each list (null when absent). */
  vectorRank: number | null;
  lexicalRank: number | null;
}

export type FusionMethod = 'rrf' | 'normalised';

export interface FusionOptions {
  method: FusionMethod;
  /** Reciprocal rank fusion constant (`1 / (k + rank)`). */
  rrfK: number;
  /** Share of the vector list in the fused score (0..1); the lexical list gets the rest. */
  vectorWeight: number;
}

function collect(
  vector: readonly ScoredChunk[],
  lexical: readonly ScoredChunk[],
): Map<string, FusedCandidate> {
  const candidates = new Map<string, FusedCandidate>();
  const entry = (hit: ScoredChunk): FusedCandidate => {
    const existing = candidates.get(hit.chunk.id);
    if (existing) return existing;
    const created: FusedCandidate = {
      chunk: hit.chunk,
      score: 0,
      vectorScore: null,
      lexicalScore: null,
      vectorRank: null,
      lexicalRank: null,
    };
    candidates.set(hit.chunk.id, created);
    return created;
  };
  vector.forEach((hit, index) => {
    const candidate = entry(hit);
    candidate.vectorScore = hit.score;
    candidate.vectorRank = index + 1;
  });
  lexical.forEach((hit, index) => {
    const candidate = entry(hit);
    candidate.lexicalScore = hit.score;
    candidate.lexicalRank = index + 1;
  });
  return candidates;
}

/** Scales scores to 0..1 by the list's own minimum and maximum. */
function minMax(hits: readonly ScoredChunk[]): Map<string, number> {
  const scores = hits.map((hit) => hit.score);
  const low = Math.min(...scores);
  const span = Math.max(...scores) - low;
  return new Map(hits.map((hit) => [hit.chunk.id, span > 0 ? (hit.score - low) / span : 1]));
}

/**
 * Fuses two ranked lists (each highest first) into one, best first. `rrf` uses ranks only;
 * `normalised` mixes min-max scaled scores (a list missing a candidate contributes 0).
 */
export function fuseRankings(
  vector: readonly ScoredChunk[],
  lexical: readonly ScoredChunk[],
  options: FusionOptions,
): FusedCandidate[] {
  const candidates = collect(vector, lexical);
  const vectorNormal = minMax(vector);
  const lexicalNormal = minMax(lexical);
  const weight = options.vectorWeight;
  for (const candidate of candidates.values()) {
    if (options.method === 'rrf') {
      candidate.score =
        (candidate.vectorRank ? (2 * weight) / (options.rrfK + candidate.vectorRank) : 0) +
        (candidate.lexicalRank ? (2 * (1 - weight)) / (options.rrfK + candidate.lexicalRank) : 0);
    } else {
      candidate.score =
        weight * (vectorNormal.get(candidate.chunk.id) ?? 0) +
        (1 - weight) * (lexicalNormal.get(candidate.chunk.id) ?? 0);
    }
  }
  return [...candidates.values()].sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
}
