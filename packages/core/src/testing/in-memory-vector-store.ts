import type { EmbeddedChunk, ScoredChunk } from '../knowledge/document.js';
import type { VectorQuery, VectorStore } from '../ports/vector-store.port.js';

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

export interface InMemoryVectorStoreOptions {
  /**
   * What the store says of its writes (default true, as a store of its own); false plays a store
   * in the unit of work's database, so indexing takes its sequential path.
   */
  writesIndependentOfUnitOfWork?: boolean;
}

/** Exact cosine search over vectors kept in memory; can be told to fail (fault tests). */
export class InMemoryVectorStore implements VectorStore {
  private readonly projects = new Map<string, Map<string, EmbeddedChunk>>();
  readonly writesIndependentOfUnitOfWork: boolean;
  failWith: Error | null = null;

  constructor(options: InMemoryVectorStoreOptions = {}) {
    this.writesIndependentOfUnitOfWork = options.writesIndependentOfUnitOfWork ?? true;
  }

  private project(projectId: string): Map<string, EmbeddedChunk> {
    const existing = this.projects.get(projectId);
    if (existing) return existing;
    const created = new Map<string, EmbeddedChunk>();
    this.projects.set(projectId, created);
    return created;
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async upsert(projectId: string, chunks: readonly EmbeddedChunk[]): Promise<void> {
    this.check();
    const vectors = this.project(projectId);
    for (const entry of chunks) vectors.set(entry.chunk.id, structuredClone(entry));
  }

  async query(projectId: string, query: VectorQuery): Promise<ScoredChunk[]> {
    this.check();
    const results: ScoredChunk[] = [];
    for (const entry of this.projects.get(projectId)?.values() ?? []) {
      if (query.documentIds && !query.documentIds.includes(entry.chunk.documentId)) continue;
      results.push({
        chunk: structuredClone(entry.chunk),
        score: cosineSimilarity(query.embedding, entry.embedding),
      });
    }
    return results
      .sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id))
      .slice(0, query.topK);
  }

  async deleteChunks(projectId: string, chunkIds: readonly string[]): Promise<void> {
    this.check();
    const vectors = this.projects.get(projectId);
    for (const id of chunkIds) vectors?.delete(id);
  }

  async deleteByDocument(projectId: string, documentId: string): Promise<void> {
    this.check();
    const vectors = this.projects.get(projectId);
    for (const [id, entry] of vectors ?? []) if (entry.chunk.documentId === documentId) vectors!.delete(id);
  }

  async listChunkIds(projectId: string, documentId: string): Promise<string[]> {
    this.check();
    return [...(this.projects.get(projectId)?.values() ?? [])]
      .filter((entry) => entry.chunk.documentId === documentId)
      .map((entry) => entry.chunk.id)
      .sort();
  }

  async dropProject(projectId: string): Promise<void> {
    this.check();
    this.projects.delete(projectId);
  }

  async ping(): Promise<void> {
    this.check();
  }
}
