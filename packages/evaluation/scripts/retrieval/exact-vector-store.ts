import type { EmbeddedChunk, ScoredChunk, VectorQuery, VectorStore } from '@chatbuddy/core';

/**
 * Exact cosine search over packed Float32 rows: the in-memory store for evaluation runs
 * (core's fake clones every row per query, which is fine for tests and slow for 5,000 chunks).
 */
export class ExactVectorStore implements VectorStore {
  readonly writesIndependentOfUnitOfWork = true;
  private readonly rows = new Map<string, { entry: EmbeddedChunk; vector: Float32Array }>();

  async upsert(_projectId: string, chunks: readonly EmbeddedChunk[]): Promise<void> {
    for (const entry of chunks) {
      const vector = Float32Array.from(entry.embedding);
      let norm = 0;
      for (const value of vector) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
      this.rows.set(entry.chunk.id, { entry, vector });
    }
  }

  async query(_projectId: string, query: VectorQuery): Promise<ScoredChunk[]> {
    const probe = Float32Array.from(query.embedding);
    let norm = 0;
    for (const value of probe) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    const scored: Array<{ entry: EmbeddedChunk; score: number }> = [];
    for (const { entry, vector } of this.rows.values()) {
      if (query.documentIds && !query.documentIds.includes(entry.chunk.documentId)) continue;
      let dot = 0;
      for (let index = 0; index < vector.length; index++) dot += vector[index]! * probe[index]!;
      scored.push({ entry, score: dot / norm });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored
      .slice(0, query.topK)
      .map(({ entry, score }) => ({ chunk: structuredClone(entry.chunk), score }));
  }

  async deleteChunks(_projectId: string, chunkIds: readonly string[]): Promise<void> {
    for (const id of chunkIds) this.rows.delete(id);
  }

  async deleteByDocument(_projectId: string, documentId: string): Promise<void> {
    for (const [id, row] of this.rows) if (row.entry.chunk.documentId === documentId) this.rows.delete(id);
  }

  async listChunkIds(_projectId: string, documentId: string): Promise<string[]> {
    return [...this.rows.values()]
      .filter((row) => row.entry.chunk.documentId === documentId)
      .map((row) => row.entry.chunk.id);
  }

  async dropProject(): Promise<void> {
    this.rows.clear();
  }

  async ping(): Promise<void> {}
}
