import type {
  Chunk,
  ChunkId,
  EmbeddedChunk,
  Logger,
  ScoredChunk,
  TransactionalRepositories,
  TransactionalVectorWriter,
  VectorQuery,
  VectorStore,
} from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import { transactionOf } from '../kysely-unit-of-work.js';
import { isUuid } from '../repositories/keyset.js';
import type { Database } from '../schema/index.js';
import { assertEmbedding } from './pg-vector-store.js';

/** Chunks by id from the chunk rows (ids of other projects or without a row are absent). */
export type OutboxChunkSource = (
  projectId: string,
  ids: readonly ChunkId[],
) => Promise<ReadonlyMap<ChunkId, Chunk>>;

export interface VectorOutboxOptions {
  /** Vectors sent to the store per request at most (default 1 000). */
  batchSize?: number;
  /** Wait after a write before the writer looks for it, so uploads in a row share a request (default 25 ms). */
  lingerMs?: number;
  /** How often an idle writer looks for vectors other instances left (default 1 000 ms). */
  pollMs?: number;
  /** First wait after a failed send, doubled per failure up to 30 s (default 500 ms). */
  retryMs?: number;
  /** Rows deleted by this writer after which it vacuums the table once idle (default 2 000; ten times that while busy). */
  vacuumAfter?: number;
  /** How long `close()` keeps sending what is left before it leaves it for the next start (default 5 000 ms). */
  drainMs?: number;
  logger?: Logger;
}

interface OutboxRow {
  seq: number;
  chunk_id: string;
  project_id: string;
  document_id: string;
  embedding: Buffer;
}

/** A vector's float4 values, little-endian (validated). */
export function toOutboxBinary(values: readonly number[]): Buffer {
  assertEmbedding(values);
  const bytes = Buffer.allocUnsafe(values.length * 4);
  for (let index = 0; index < values.length; index += 1)
    bytes.writeFloatLE((values[index] as number) || 0, index * 4);
  return bytes;
}

/** The values of `toOutboxBinary`'s bytes. */
export function fromOutboxBinary(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<number>(bytes.byteLength >> 2);
  for (let index = 0; index < values.length; index += 1) values[index] = view.getFloat32(index * 4, true);
  return values;
}

/** Cosine similarity, 0 when either vector has no direction (as the other stores score it). */
function cosine(query: readonly number[], queryNorm: number, bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dot = 0;
  let norm = 0;
  for (let index = 0; index < query.length; index += 1) {
    const value = view.getFloat32(index * 4, true);
    dot += (query[index] as number) * value;
    norm += value * value;
  }
  return queryNorm > 0 && norm > 0 ? dot / (queryNorm * Math.sqrt(norm)) : 0;
}

/**
 * A vector store outside the database (Chroma) behind an outbox in it (decision 0043). Vectors are
 * written to `vector_outbox` in the transaction that swaps their chunk rows (`inTransaction`), or
 * in one of their own (`upsert`), so an upload is answered once the database has committed,
 * without waiting for the other server's request. A writer in the background sends them on in
 * batches of up to `batchSize`, oldest first, and removes them from the outbox in the transaction
 * that claimed them (`for update skip locked`: instances share the work), once the store took
 * them. Searches read the outbox first, then the store, and merge the two exactly, so a vector is
 * found from the moment its rows commit: before the store has it, while it is sent, and after.
 * Removals wait for a send of the same rows to end, then remove from both, so a vector sent late
 * never outlives its removal. A send that fails leaves its rows for the next try; other projects'
 * rows go on meanwhile.
 */
export class VectorOutbox implements VectorStore {
  /** A pool of connections: the outbox is written beside an open transaction without waiting for it. */
  readonly writesIndependentOfUnitOfWork = true;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly pollMs: number;
  private readonly retryMs: number;
  private readonly drainMs: number;
  private readonly vacuumAfter: number;
  private readonly logger: Logger | undefined;
  /** Projects whose last send failed, and when to try them again (ms since the epoch). */
  private readonly resting = new Map<string, { until: number; failures: number }>();
  private closed = false;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  /** Rows this writer deleted since it last vacuumed the table. */
  private removedSinceVacuum = 0;
  /** A write was made while the writer was not asleep: it looks again soon instead of at its poll. */
  private nudged = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: VectorStore,
    private readonly chunks: OutboxChunkSource,
    options: VectorOutboxOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1_000;
    this.lingerMs = options.lingerMs ?? 25;
    this.pollMs = options.pollMs ?? 1_000;
    this.retryMs = options.retryMs ?? 500;
    this.drainMs = options.drainMs ?? 5_000;
    this.vacuumAfter = options.vacuumAfter ?? 2_000;
    this.logger = options.logger;
  }

  /** Starts the background writer (idempotent). */
  start(): void {
    if (this.running || this.closed) return;
    this.running = this.writeLoop();
  }

  /**
   * Stops the writer: what is left is sent for at most `drainMs` in all, then left in the outbox
   * for the next instance that starts (searches keep finding it there). A send still under way at
   * that moment is left to end or fail on its own.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.nudge(0);
    const deadline = Date.now() + this.drainMs;
    const within = <T>(work: Promise<T>, otherwise: T): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(otherwise), Math.max(0, deadline - Date.now()));
      });
      return Promise.race([work, late]).finally(() => clearTimeout(timer));
    };
    if (!(await within(this.running?.then(() => true) ?? Promise.resolve(true), false))) return;
    while (Date.now() < deadline) {
      const sent = await within(
        this.sendBatch().catch(() => 0),
        0,
      );
      if (sent === 0) break;
    }
  }

  async upsert(projectId: string, chunks: readonly EmbeddedChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.db.transaction().execute((db) => this.write(db, projectId, chunks));
    this.nudge(this.lingerMs);
  }

  /**
   * Writes to the outbox in the transaction of `repositories` (a `KyselyUnitOfWork` of this
   * database): the vectors commit or roll back with the chunk rows.
   * @throws Error for repositories of another database or not of a transaction.
   */
  inTransaction(repositories: TransactionalRepositories): TransactionalVectorWriter {
    const bound = transactionOf(repositories);
    if (!bound || bound.database !== this.db)
      throw new Error('outbox writes need a transaction of the unit of work on its own database');
    return {
      upsert: async (projectId, chunks) => {
        if (chunks.length === 0) return;
        await this.write(bound.transaction, projectId, chunks);
        // The transaction commits later: the writer looks after a short wait, else at its next poll.
        this.nudge(this.lingerMs);
      },
    };
  }

  private async write(db: Kysely<Database>, projectId: string, chunks: readonly EmbeddedChunk[]) {
    for (const { chunk } of chunks)
      if (chunk.projectId !== projectId) throw new Error('a chunk of another project was given to upsert');
    for (let start = 0; start < chunks.length; start += 500) {
      const values = chunks
        .slice(start, start + 500)
        .map(
          ({ chunk, embedding }) =>
            sql`(${chunk.id}, ${projectId}, ${chunk.documentId}, ${embedding.length}, ${toOutboxBinary(embedding)})`,
        );
      await sql`insert into vector_outbox (chunk_id, project_id, document_id, dimensions, embedding)
        values ${sql.join(values)}
        on conflict (chunk_id) do update set document_id = excluded.document_id,
          dimensions = excluded.dimensions, embedding = excluded.embedding
        where vector_outbox.project_id = excluded.project_id`.execute(db);
    }
  }

  /**
   * The outbox's nearest chunks merged with the store's. The outbox is read first: a vector that
   * leaves it meanwhile was stored before it left, so the store's read, which follows, has it.
   */
  async query(projectId: string, query: VectorQuery): Promise<ScoredChunk[]> {
    assertEmbedding(query.embedding);
    // The store refuses or answers these as it does without an outbox, which holds none of them.
    if (!Number.isInteger(query.topK) || query.topK < 1 || !isUuid(projectId))
      return this.store.query(projectId, query);
    const documentIds = query.documentIds?.filter(isUuid) ?? null;
    if (documentIds && documentIds.length === 0) return [];
    // Rows without a chunk row are left out: the store's hits of the same ids have none either.
    const { rows } = await sql<{ chunk_id: string; dimensions: number; embedding: Buffer }>`
      select o.chunk_id, o.dimensions, o.embedding
      from vector_outbox o
      where o.project_id = ${projectId}::uuid
        and (${documentIds}::uuid[] is null or o.document_id = any(${documentIds}::uuid[]))
        and exists (select 1 from document_chunks c where c.id = o.chunk_id and c.project_id = o.project_id)`.execute(
      this.db,
    );
    const fromStore = await this.store.query(projectId, query);
    if (rows.length === 0) return fromStore;
    const queryNorm = Math.hypot(...query.embedding);
    const outboxIds = new Set(rows.map((row) => row.chunk_id));
    const nearest = rows
      .filter((row) => row.dimensions === query.embedding.length)
      .map((row) => ({ id: row.chunk_id, score: cosine(query.embedding, queryNorm, row.embedding) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, query.topK);
    const chunks = await this.chunks(
      projectId,
      nearest.map((hit) => hit.id),
    );
    const merged: ScoredChunk[] = [
      ...nearest.flatMap((hit) => {
        const chunk = chunks.get(hit.id);
        return chunk ? [{ chunk, score: hit.score }] : [];
      }),
      // The outbox holds the newer vector of a chunk in both.
      ...fromStore.filter((hit) => !outboxIds.has(hit.chunk.id)),
    ];
    return merged
      .sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : 1))
      .slice(0, query.topK);
  }

  /**
   * Removes from the outbox (after a send of the same rows ends), then from the store. When the
   * store fails, the ids are noted for the repair pass (`vector_removals`), which removes them
   * once the store answers: a send of them that the store had not answered may still land.
   */
  async deleteChunks(projectId: string, chunkIds: readonly string[]): Promise<void> {
    const ids = chunkIds.filter(isUuid);
    if (isUuid(projectId) && ids.length > 0)
      await this.db
        .deleteFrom('vector_outbox')
        .where('project_id', '=', projectId)
        .where('chunk_id', 'in', ids)
        .execute();
    await this.store.deleteChunks(projectId, chunkIds).catch(async (error: unknown) => {
      await this.noteRemovals(projectId, ids);
      throw error;
    });
  }

  /** As `deleteChunks`, for a document: the ids noted on failure are those its outbox rows held. */
  async deleteByDocument(projectId: string, documentId: string): Promise<void> {
    const removed =
      isUuid(projectId) && isUuid(documentId)
        ? await this.db
            .deleteFrom('vector_outbox')
            .where('project_id', '=', projectId)
            .where('document_id', '=', documentId)
            .returning('chunk_id')
            .execute()
        : [];
    await this.store.deleteByDocument(projectId, documentId).catch(async (error: unknown) => {
      await this.noteRemovals(
        projectId,
        removed.map((row) => row.chunk_id),
      );
      throw error;
    });
  }

  /** Notes vectors to remove for the repair pass; best effort (a project deleted meanwhile has none). */
  private async noteRemovals(projectId: string, chunkIds: readonly string[]): Promise<void> {
    if (!isUuid(projectId) || chunkIds.length === 0) return;
    await sql`insert into vector_removals (chunk_id, project_id, noted_at)
      select id, ${projectId}::uuid, now() from unnest(${chunkIds}::uuid[]) as id
      on conflict (chunk_id) do nothing`
      .execute(this.db)
      .catch((error: unknown) =>
        this.logger?.warn('vectors to remove could not be noted for the repair pass', { projectId, error }),
      );
  }

  async listChunkIds(projectId: string, documentId: string): Promise<string[]> {
    const waiting =
      isUuid(projectId) && isUuid(documentId)
        ? await this.db
            .selectFrom('vector_outbox')
            .select('chunk_id')
            .where('project_id', '=', projectId)
            .where('document_id', '=', documentId)
            .execute()
        : [];
    const stored = await this.store.listChunkIds(projectId, documentId);
    return [...new Set([...waiting.map((row) => row.chunk_id), ...stored])].sort();
  }

  async dropProject(projectId: string): Promise<void> {
    if (isUuid(projectId))
      await this.db.deleteFrom('vector_outbox').where('project_id', '=', projectId).execute();
    await this.store.dropProject(projectId);
  }

  /** The store's own check: the outbox is the database's, which has its probe. */
  ping(): Promise<void> {
    return this.store.ping();
  }

  /** Vectors waiting to be sent (operators' metrics and the benchmark). */
  async backlog(): Promise<number> {
    const row = await this.db
      .selectFrom('vector_outbox')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Sends the oldest waiting vectors (one batch, grouped by project) and removes what the store
   * took; returns how many were claimed. Rows another instance is sending are skipped; a project
   * whose send failed rests (500 ms, doubled per failure up to 30 s) while the others go on.
   */
  async sendBatch(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const now = Date.now();
      const resting = [...this.resting].filter(([, rest]) => rest.until > now).map(([id]) => id);
      const { rows } = await sql<OutboxRow>`
        select seq, chunk_id, project_id, document_id, embedding from vector_outbox
        where not (project_id = any(${resting}::uuid[]))
        order by seq limit ${this.batchSize}
        for update skip locked`.execute(trx);
      // One request holds vectors of one dimension (a project may change embedder).
      const groups = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        const key = `${row.project_id}/${row.embedding.byteLength}`;
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      const sent: number[] = [];
      for (const group of groups.values()) {
        const projectId = group[0]!.project_id;
        if ((this.resting.get(projectId)?.until ?? 0) > Date.now()) continue;
        try {
          await this.store.upsert(projectId, group.map(toEmbeddedChunk));
          this.resting.delete(projectId);
          for (const row of group) sent.push(row.seq);
        } catch (error) {
          const failures = (this.resting.get(projectId)?.failures ?? 0) + 1;
          this.resting.set(projectId, { until: Date.now() + this.backoff(failures), failures });
          if (failures === 1 || failures % 10 === 0)
            this.logger?.warn('vectors could not be sent to the vector store; they stay in the outbox', {
              projectId,
              vectors: group.length,
              failures,
              error,
            });
        }
      }
      if (sent.length > 0) {
        await trx.deleteFrom('vector_outbox').where('seq', 'in', sent).execute();
        this.removedSinceVacuum += sent.length;
      }
      return rows.length;
    });
  }

  /** Until closed: sends while there is something to send, then waits for a write or the next poll. */
  private async writeLoop(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      let claimed = 0;
      try {
        claimed = await this.sendBatch();
        failures = 0;
      } catch (error) {
        // The database itself failed (gone, or restarting): try again later.
        failures += 1;
        if (failures === 1) this.logger?.warn('the vector outbox could not be read', { error });
      }
      if (this.closed) break;
      if (this.removedSinceVacuum >= this.vacuumAfter * (claimed > 0 ? 10 : 1)) await this.vacuum();
      if (claimed >= this.batchSize) continue;
      const nudged = this.nudged;
      this.nudged = false;
      const rested = [...this.resting.values()].map((rest) => rest.until - Date.now()).filter((ms) => ms > 0);
      const wait =
        failures > 0
          ? this.backoff(failures)
          : claimed > 0 || nudged
            ? this.lingerMs
            : Math.min(this.pollMs, ...rested);
      await this.sleep(wait);
    }
  }

  /** The wait after the `failures`-th failure in a row: `retryMs`, doubled per failure, at most 30 s. */
  private backoff(failures: number): number {
    return Math.min(30_000, this.retryMs * 2 ** (failures - 1));
  }

  /**
   * Vacuums the outbox once this writer has deleted `vacuumAfter` rows and found nothing more to
   * send (or ten times as many while it is still sending). Searches read the table by project, and
   * until a vacuum every row ever deleted costs them a visit: 100,000 deleted rows made the
   * read of an empty outbox take 7 ms instead of 0.1. Autovacuum does it too, later.
   */
  private async vacuum(): Promise<void> {
    this.removedSinceVacuum = 0;
    try {
      await sql`vacuum (analyze) vector_outbox`.execute(this.db);
    } catch (error) {
      this.logger?.warn('the vector outbox could not be vacuumed', { error });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wake = null;
        resolve();
      };
      this.timer = setTimeout(this.wake, ms);
      this.timer.unref();
    });
  }

  /** Wakes a sleeping writer within `ms`. */
  private nudge(ms: number): void {
    const wake = this.wake;
    if (!wake) {
      this.nudged = true;
      return;
    }
    if (ms <= 0) {
      wake();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(wake, ms);
    this.timer.unref();
  }
}

/** What the store needs of a row: the store keeps vectors only and reads chunks from their rows. */
function toEmbeddedChunk(row: OutboxRow): EmbeddedChunk {
  return {
    chunk: {
      id: row.chunk_id,
      projectId: row.project_id,
      documentId: row.document_id,
      position: 0,
      text: '',
      tokenCount: 0,
      charStart: 0,
      charEnd: 0,
      headingPath: [],
      metadata: {},
    },
    embedding: fromOutboxBinary(row.embedding),
  };
}
