import type { Bm25Parameters, LexicalIndex, LexicalQuery, ScoredChunk } from '@chatbuddy/core';
import { defaultBm25Parameters, invalidInput } from '@chatbuddy/core';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { toChunk } from '../repositories/chunk-rows.js';
import { isUuid } from '../repositories/keyset.js';
import type { DocumentChunkRow } from '../schema/document-chunks.js';
import type { Database } from '../schema/index.js';

/** BM25 parameters (core's `defaultBm25Parameters` where absent). */
export type Bm25Options = Partial<Bm25Parameters>;

/**
 * Okapi BM25 over PostgreSQL full-text analysis (`english`: Snowball stemming, stop words
 * dropped), in one statement: the query is analysed by `to_tsvector`, the project's chunks holding
 * any query lexeme are found through the GIN index on `lexical_chunk_terms.lexemes`, each query
 * lexeme's tf is read at its position in the chunk's arrays, document frequencies come from the
 * same (chunk, lexeme) matches (a window count over the whole project, before any document
 * filter), and collection statistics from `lexical_statistics`. idf = ln(1 + (N − df + 0.5)/(df +
 * 0.5)) as in Lucene, so it is never negative; repeated query terms count once per occurrence.
 */
export class PostgresLexicalIndex implements LexicalIndex {
  private readonly k1: number;
  private readonly b: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: Bm25Options = {},
  ) {
    this.k1 = options.k1 ?? defaultBm25Parameters.k1;
    this.b = options.b ?? defaultBm25Parameters.b;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1))
      throw invalidInput('BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1');
  }

  async search(projectId: string, query: LexicalQuery): Promise<ScoredChunk[]> {
    if (!isUuid(projectId) || query.topK <= 0 || query.text.trim() === '') return [];
    if (!Number.isInteger(query.topK)) throw invalidInput('topK must be an integer');
    const documentIds = query.documentIds?.filter(isUuid) ?? null;
    if (documentIds && documentIds.length === 0) return [];
    const text = sanitiseQueryText(query.text);
    const result = await bm25Statement(projectId, text, query.topK, documentIds, this.parameters).execute(
      this.db,
    );
    return result.rows.map((row) => ({ chunk: toChunk(row), score: Number(row.score) }));
  }

  /** The BM25 parameters in use. */
  get parameters(): Bm25Parameters {
    return { k1: this.k1, b: this.b };
  }
}

/** A query is free text from visitors: characters PostgreSQL cannot hold become spaces. */
export function sanitiseQueryText(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ' ');
}

/** The single BM25 statement (exported for EXPLAIN in the measurement script). */
export function bm25Statement(
  projectId: string,
  text: string,
  topK: number,
  documentIds: readonly string[] | null,
  { k1, b }: Bm25Parameters,
): RawBuilder<Selectable<DocumentChunkRow> & { score: number }> {
  return sql<Selectable<DocumentChunkRow> & { score: number }>`
      with query_terms as (
        select lexeme, coalesce(array_length(positions, 1), 1)::float8 as weight
        from unnest(to_tsvector('english'::regconfig, ${text}::text))),
      statistics as (
        select greatest(chunk_count, 1)::float8 as chunks,
               greatest(total_length::float8 / greatest(chunk_count, 1), 1) as average_length
        from lexical_statistics where project_id = ${projectId}::uuid),
      matches as (
        select t.chunk_id, t.document_id, t.tfs[at.position] as tf, t.chunk_length, q.weight,
               count(*) over (partition by q.lexeme) as df
        from lexical_chunk_terms t
        cross join query_terms q
        -- offset 0 keeps the subquery: each position is looked up once, not once per use.
        cross join lateral (select array_position(t.lexemes, q.lexeme) as position offset 0) at
        where t.project_id = ${projectId}::uuid
          and t.lexemes && (select array_agg(lexeme) from query_terms)
          and at.position is not null),
      scores as (
        select m.chunk_id,
               sum(m.weight * ln(1 + (s.chunks - m.df + 0.5) / (m.df + 0.5))
                   * m.tf * (${k1}::float8 + 1)
                   / (m.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * m.chunk_length / s.average_length))) as score
        from matches m cross join statistics s
        where ${documentIds}::uuid[] is null or m.document_id = any(${documentIds}::uuid[])
        group by m.chunk_id
        order by score desc, m.chunk_id
        limit ${topK})
      select c.*, scores.score
      from scores join document_chunks c on c.id = scores.chunk_id
      order by scores.score desc, c.id`;
}
