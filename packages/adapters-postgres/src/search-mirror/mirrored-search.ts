import type {
  DocumentId,
  EmbeddedChunk,
  TransactionalRepositories,
  TransactionalVectorWriter,
  LexicalIndex,
  LexicalQuery,
  ProjectId,
  ScoredChunk,
  VectorQuery,
  VectorStore,
} from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import { genericPlanComment } from '../dialect/plan-hints.js';
import { isUuid } from '../repositories/keyset.js';
import type { Database } from '../schema/index.js';
import { type PostgresLexicalIndex, sanitiseQueryText } from '../search/postgres-lexical-index.js';
import { assertEmbedding, type PgVectorStore } from '../vectors/pg-vector-store.js';
import type { QueryLexeme } from './lexical-mirror.js';
import type { SearchMirror } from './search-mirror.js';

function hydrate(
  hits: readonly { chunkId: string; score: number }[],
  chunks: Map<string, ScoredChunk['chunk']>,
): ScoredChunk[] {
  return hits.flatMap((hit) => {
    const chunk = chunks.get(hit.chunkId);
    return chunk ? [{ chunk, score: hit.score }] : [];
  });
}

/**
 * BM25 answered from the in-process mirror of the project's postings (same analysis, statistics
 * and formula as the SQL statement, so the same ranking), falling back to `PostgresLexicalIndex`
 * while the mirror is not ready.
 */
export class MirroredLexicalIndex implements LexicalIndex {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly mirror: SearchMirror,
    private readonly fallback: PostgresLexicalIndex,
  ) {}

  async search(projectId: ProjectId, query: LexicalQuery): Promise<ScoredChunk[]> {
    if (!isUuid(projectId) || query.topK <= 0 || query.text.trim() === '') return [];
    if (!Number.isInteger(query.topK)) return this.fallback.search(projectId, query);
    const documentIds = query.documentIds?.filter(isUuid) ?? null;
    if (documentIds && documentIds.length === 0) return [];
    // One statement analyses the query and reads the project's generation for the mirror.
    const analysis = this.analyse(projectId, sanitiseQueryText(query.text));
    const [project, { lexemes }] = await Promise.all([
      this.mirror.ready(
        projectId,
        analysis.then((result) => result.generation),
      ),
      analysis,
    ]);
    if (!project) return this.fallback.search(projectId, query);
    const hits = project.lexical.search(
      lexemes,
      query.topK,
      project.statistics,
      documentIds ? new Set(documentIds) : null,
      this.fallback.parameters,
    );
    const chunks = await this.mirror.chunks(
      projectId,
      hits.map((hit) => hit.chunkId),
    );
    return hydrate(hits, chunks);
  }

  /**
   * The query's lexemes under PostgreSQL's `english` configuration (with repeat counts) and the
   * project's search generation, in one statement (every chat runs it: its plan is generic).
   */
  private async analyse(
    projectId: ProjectId,
    text: string,
  ): Promise<{ generation: number | null; lexemes: QueryLexeme[] }> {
    const result = await sql<{ generation: number | string | null; lexemes: QueryLexeme[] }>`
      select
        (select generation from search_index_generations where project_id = ${projectId}::uuid) as generation,
        coalesce((select json_agg(json_build_object(
                    'lexeme', lexeme, 'weight', coalesce(array_length(positions, 1), 1)))
                  from unnest(to_tsvector('english'::regconfig, ${text}::text))), '[]'::json) as lexemes
      ${sql.raw(genericPlanComment)}`.execute(this.db);
    const row = result.rows[0];
    return {
      generation: row?.generation === null || row?.generation === undefined ? null : Number(row.generation),
      lexemes: (row?.lexemes ?? []).map((entry) => ({ lexeme: entry.lexeme, weight: Number(entry.weight) })),
    };
  }
}

/**
 * pgvector with queries answered from the in-process mirror (exact cosine over unit vectors,
 * sparse-aware), falling back to SQL while the mirror is not ready. Writes go to pgvector, whose
 * change feed entries bring the mirror up to date before the next query.
 */
export class MirroredVectorStore implements VectorStore {
  readonly writesIndependentOfUnitOfWork = false;

  constructor(
    private readonly mirror: SearchMirror,
    private readonly store: PgVectorStore,
  ) {}

  upsert(projectId: ProjectId, chunks: readonly EmbeddedChunk[]): Promise<void> {
    return this.store.upsert(projectId, chunks);
  }

  inTransaction(repositories: TransactionalRepositories): TransactionalVectorWriter {
    return this.store.inTransaction(repositories);
  }

  async query(projectId: ProjectId, query: VectorQuery): Promise<ScoredChunk[]> {
    assertEmbedding(query.embedding);
    if (!isUuid(projectId) || query.topK <= 0) return [];
    const documentIds = query.documentIds?.filter(isUuid) ?? null;
    if (documentIds && documentIds.length === 0) return [];
    const project = await this.mirror.ready(projectId);
    if (!project?.vectors) return this.store.query(projectId, query);
    const hits = project.vectors.query(
      query.embedding,
      query.topK,
      documentIds ? new Set(documentIds) : null,
    );
    const chunks = await this.mirror.chunks(
      projectId,
      hits.map((hit) => hit.chunkId),
    );
    return hydrate(hits, chunks);
  }

  deleteChunks(projectId: ProjectId, chunkIds: readonly string[]): Promise<void> {
    return this.store.deleteChunks(projectId, chunkIds);
  }

  deleteByDocument(projectId: ProjectId, documentId: DocumentId): Promise<void> {
    return this.store.deleteByDocument(projectId, documentId);
  }

  listChunkIds(projectId: ProjectId, documentId: DocumentId): Promise<string[]> {
    return this.store.listChunkIds(projectId, documentId);
  }

  dropProject(projectId: ProjectId): Promise<void> {
    return this.store.dropProject(projectId);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }
}
