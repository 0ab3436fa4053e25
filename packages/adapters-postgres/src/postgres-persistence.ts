import {
  type Chunk,
  DomainError,
  type LexicalIndex,
  type Logger,
  type ReadinessProbe,
  type UnitOfWork,
  type VectorStore,
} from '@chatbuddy/core';
import { join } from 'node:path';
import type { PgliteThreadMode } from './dialect/pglite-client.js';
import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { translateDatabaseError } from './dialect/database-errors.js';
import { GuardedDialect } from './dialect/guarded-dialect.js';
import { createRepositories, KyselyUnitOfWork, type PostgresRepositories } from './kysely-unit-of-work.js';
import { migrationProvider, migrations } from './migrations/index.js';
import { toChunk } from './repositories/chunk-rows.js';
import { isUuid } from './repositories/keyset.js';
import { SearchChangeFeed } from './search-mirror/change-feed.js';
import type { Database } from './schema/index.js';
import { cleaningAfterTermWrites, PendingListCleaner } from './search/pending-list-cleaner.js';
import { type Bm25Options, PostgresLexicalIndex } from './search/postgres-lexical-index.js';
import { MirroredLexicalIndex, MirroredVectorStore } from './search-mirror/mirrored-search.js';
import { SearchMirror, type SearchMirrorOptions } from './search-mirror/search-mirror.js';
import { PgVectorStore } from './vectors/pg-vector-store.js';
import { VectorOutbox, type VectorOutboxOptions } from './vectors/vector-outbox.js';

/** Where the data lives: a PostgreSQL server, or embedded PGlite in a folder or in memory. */
export type PostgresPersistenceOptions = (
  | { url: string; poolSize?: number; connectionTimeoutMs?: number }
  | {
      dataDir: string | 'memory';
      /**
       * Where PGlite runs: `main` (this thread, the default) or `worker` (a thread of its own, so
       * statements run beside the server's JavaScript; decision 0029).
       */
      thread?: PgliteThreadMode;
      /**
       * Quiet time after the last committed term rows before the lexeme index's pending list is
       * merged (decision 0038; default 1 000 ms, 0 = only by `maintain()` and PGlite's own limit).
       */
      pendingListIdleMs?: number;
    }
) & {
  bm25?: Bm25Options;
  /**
   * Answer searches from in-process copies of the postings (and pgvector's vectors, unless
   * `vectors: false`), kept exact by a change feed; off by default.
   */
  searchMirror?: boolean | Partial<SearchMirrorOptions>;
  /** Receives warnings about failures the layer recovers from (a search mirror that cannot load). */
  logger?: Logger;
};

/** Result of `migrate()`: names of the migrations applied by this call (empty when up to date). */
export interface MigrationReport {
  applied: string[];
}

/** Everything the persistence layer offers, bound to one database. */
export interface PostgresPersistence {
  readonly kind: 'postgres' | 'pglite';
  /** The Kysely instance (for tools and tests; application code uses the ports). */
  readonly db: Kysely<Database>;
  readonly repositories: PostgresRepositories;
  readonly unitOfWork: UnitOfWork;
  readonly lexicalIndex: LexicalIndex;
  /** pgvector store; null when the server has no `vector` extension (use another store). */
  readonly vectorStore: VectorStore | null;
  /** The in-process search mirror, when enabled (warm-up with `load(projectId)`). */
  readonly searchMirror: SearchMirror | null;
  /**
   * Chunks by id from the chunk rows (through the search mirror's cache when there is one): what a
   * vector store that keeps no copy of the chunks (Chroma's `chunks` option) reads its hits from.
   * Ids of other projects, unknown ids and ids that are not UUIDs are absent from the result.
   */
  chunkRows(projectId: string, ids: readonly string[]): Promise<Map<string, Chunk>>;
  readonly readinessProbe: ReadinessProbe;
  /**
   * On a PostgreSQL server: `store` (a vector store outside the database that keeps vectors only
   * and reads its hits' chunks from `chunkRows`, as Chroma with its `chunks` option) behind an
   * outbox in the database (`VectorOutbox`, decision 0043), its writer started and stopped with
   * the database. Absent on the embedded database, whose one connection the writer would hold.
   */
  vectorOutbox?(store: VectorStore, options?: VectorOutboxOptions): VectorOutbox;
  /** Applies pending migrations (forward only, idempotent). */
  migrate(): Promise<MigrationReport>;
  /** Migrations of this version the database has not applied, in order (all of them when new). */
  pendingMigrations(): Promise<string[]>;
  /**
   * Refreshes planner statistics and the visibility map of the search tables (VACUUM ANALYZE),
   * so BM25 postings are read by index-only scans. A server's autovacuum does this on its own;
   * PGlite has no autovacuum, so the embedded runtime should call it after bulk ingestion. The
   * tables are left alone when their data has not changed since this process last did it. Also
   * prunes the change feed and writes the search mirror's snapshots.
   */
  maintain(): Promise<void>;
  /**
   * A consistent gzip'd tar archive of the embedded database, taken while it serves (writes wait
   * for it); `restorePgliteBackup` loads it. Server mode has none: use `pg_dump`.
   */
  backup?(): Promise<Uint8Array>;
  /**
   * Compacts the heap of the embedded database's own thread (with `thread: 'worker'`), as
   * `ChatBuddy.manageHeap()` compacts the main thread's; absent otherwise.
   */
  compactHeap?(): Promise<boolean>;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

// int8 as numbers, for this pool only (PGlite does the same; counters stay far below 2^53).
const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Restores an archive made by `backup()` into `dataDir`, which must hold no database yet (the
 * caller checks, and makes sure no process has the folder open). The archive is checked whole,
 * and the restored database opened and read, before this resolves.
 * @throws DomainError `invalid_input` (details.reason `invalid_archive`) when the archive is
 * truncated, corrupt, or not a backup of the embedded database; `dataDir` may then hold debris.
 */
export async function restorePgliteBackup(dataDir: string, archive: Uint8Array): Promise<void> {
  const { restorePgliteArchive } = await import('./dialect/pglite-client.js');
  await restorePgliteArchive(dataDir, archive);
}

/**
 * Opens the database and builds every repository, the unit of work, the BM25 lexical index and
 * (when pgvector is available) the vector store. Does not migrate: call `migrate()` (the embedded
 * default does so on start; server mode migrates explicitly).
 * @throws DomainError `dependency_unavailable` when the server cannot be reached.
 */
export async function createPostgresPersistence(
  options: PostgresPersistenceOptions,
): Promise<PostgresPersistence> {
  let dialect: Dialect;
  let closeClient = async () => {};
  let dumpPglite: (() => Promise<Uint8Array>) | null = null;
  let compactThreadHeap: (() => Promise<boolean>) | undefined;
  if ('url' in options) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      // Idle connections live a minute (pg's default is 10 s): fewer handshakes under bursty load.
      idleTimeoutMillis: 60_000,
      types: poolTypes,
    });
    pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
    dialect = new PostgresDialect({ pool });
  } else {
    try {
      // PGlite's code (and its WebAssembly) is loaded only for the embedded database.
      const { openPglite } = await import('./dialect/pglite-client.js');
      ({
        dialect,
        dump: dumpPglite,
        compactHeap: compactThreadHeap,
        close: closeClient,
      } = await openPglite(options.dataDir, options.thread));
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }
  const db = new Kysely<Database>({ dialect: new GuardedDialect(dialect) });
  const kind = 'url' in options ? 'postgres' : 'pglite';
  let hasVector = kind === 'pglite';
  try {
    if (!hasVector) hasVector = await vectorAvailable(db);
  } catch (error) {
    await db.destroy();
    await closeClient();
    throw error;
  }
  const idleMs = 'dataDir' in options ? (options.pendingListIdleMs ?? 1_000) : 0;
  const cleaner = idleMs > 0 ? new PendingListCleaner(db, idleMs, options.logger) : null;
  const unitOfWork = new KyselyUnitOfWork(db);
  let maintainedSearchData: string | null = null;
  const sqlLexical = new PostgresLexicalIndex(db, options.bm25);
  const sqlVectors = hasVector ? new PgVectorStore(db) : null;
  const mirrorOptions = options.searchMirror === true ? {} : options.searchMirror || null;
  const mirror = mirrorOptions
    ? new SearchMirror(db, {
        ...(options.logger && { logger: options.logger }),
        // The embedded database's folder keeps snapshots of the mirror, so a restart does not re-read the corpus.
        ...('dataDir' in options &&
          options.dataDir !== 'memory' && { snapshotFolder: join(options.dataDir, 'search-mirror') }),
        ...mirrorOptions,
        vectors: hasVector && mirrorOptions.vectors !== false,
      })
    : null;
  const chunkRows = (projectId: string, ids: readonly string[]) => readChunkRows(db, mirror, projectId, ids);
  const outboxes: VectorOutbox[] = [];
  return {
    kind,
    db,
    repositories: createRepositories(db),
    unitOfWork: cleaner ? cleaningAfterTermWrites(unitOfWork, cleaner) : unitOfWork,
    lexicalIndex: mirror ? new MirroredLexicalIndex(db, mirror, sqlLexical) : sqlLexical,
    vectorStore:
      sqlVectors && mirror?.mirrorsVectors ? new MirroredVectorStore(mirror, sqlVectors) : sqlVectors,
    searchMirror: mirror,
    chunkRows,
    ...(kind === 'postgres' && {
      vectorOutbox: (store: VectorStore, outboxOptions?: VectorOutboxOptions) => {
        const outbox = new VectorOutbox(db, store, chunkRows, {
          ...(options.logger && { logger: options.logger }),
          ...outboxOptions,
        });
        outboxes.push(outbox);
        outbox.start();
        return outbox;
      },
    }),
    readinessProbe: {
      name: kind === 'postgres' ? 'postgresql' : 'pglite',
      check: async () => {
        await sql`select 1`.execute(db);
      },
    },
    migrate: () => (kind === 'postgres' ? migrateUnderLock(db) : migrate(db)),
    pendingMigrations: () => pendingMigrations(db),
    ...(dumpPglite && { backup: () => backupPglite(db, dumpPglite!) }),
    ...(compactThreadHeap && { compactHeap: compactThreadHeap }),
    maintain: async () => {
      // The search tables change only with the change feed; unchanged since the last upkeep, their
      // statistics and visibility map are still current, and the database's thread is not held
      // for them (0.3-0.5 s at 10k chunks, every 15 minutes on the embedded database).
      const searchData = await searchDataVersion(db);
      if (searchData !== maintainedSearchData) {
        await sql`vacuum analyze lexical_chunk_terms, lexical_statistics, document_chunks`.execute(db);
        if (hasVector) await sql`vacuum analyze chunk_embeddings`.execute(db);
        maintainedSearchData = searchData;
      }
      await new SearchChangeFeed(db).prune(new Date(Date.now() - 24 * 3600_000));
      await mirror?.writeSnapshots();
    },
    close: async () => {
      for (const outbox of outboxes) await outbox.close();
      await cleaner?.close();
      await mirror?.writeSnapshots();
      mirror?.close();
      await db.destroy();
      await closeClient();
    },
  };
}

/**
 * Where the search data stands: its projects' generations (every write of chunks, terms or vectors
 * bumps its project's; a deleted project drops its row). Equal values mean nothing was written
 * in between, but for a project deleted while others gained exactly its generations.
 */
async function searchDataVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ projects: string; generations: string }>`
    select count(*)::text as projects, coalesce(sum(generation), 0)::text as generations
    from search_index_generations`.execute(db);
  return `${rows[0]?.projects}:${rows[0]?.generations}`;
}

async function readChunkRows(
  db: Kysely<Database>,
  mirror: SearchMirror | null,
  projectId: string,
  ids: readonly string[],
): Promise<Map<string, Chunk>> {
  const valid = ids.filter(isUuid);
  if (!isUuid(projectId) || valid.length === 0) return new Map();
  if (mirror) return mirror.chunks(projectId, valid);
  const rows = await db
    .selectFrom('document_chunks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', 'in', valid)
    .execute();
  return new Map(rows.map((row) => [row.id, toChunk(row)]));
}

/**
 * Holds the embedded database's only connection (so no statement runs meanwhile), flushes every
 * page to the files with a checkpoint, and archives the data folder.
 */
async function backupPglite(db: Kysely<Database>, dump: () => Promise<Uint8Array>): Promise<Uint8Array> {
  return db.connection().execute(async (connection) => {
    await sql`checkpoint`.execute(connection);
    return dump();
  });
}

/** Key of the session-level advisory lock held while migrating ('chatbuddy' in ASCII). */
const migrationLockKey = 0x6368_6174_6275_6464n;

/**
 * Migrates while holding a PostgreSQL advisory lock on one connection, so instances starting at
 * once apply each migration once: the others wait, then find nothing left to apply. Kysely's own
 * lock covers the migrations but not the creation of its bookkeeping tables, which fresh
 * migrators would otherwise race on (`create table if not exists` is not safe under concurrency).
 */
async function migrateUnderLock(db: Kysely<Database>): Promise<MigrationReport> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(migrationLockKey)})`.execute(connection);
    try {
      return await migrate(connection);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(migrationLockKey)})`.execute(connection);
    }
  });
}

async function migrate(db: Kysely<Database>): Promise<MigrationReport> {
  if (await upToDate(db)) return { applied: [] };
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error)
    throw migrationFailed(error, results?.find((result) => result.status === 'Error')?.migrationName);
  return {
    applied: (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}

/**
 * A failed migration, named with the database's own words: the operator running `chatbuddy migrate`
 * needs them (a table made by hand, a `kysely_migration` row removed), and nothing here is secret.
 */
function migrationFailed(error: unknown, name: string | undefined): DomainError {
  const translated = translateDatabaseError(error);
  // The driver's message, under the guard's generic one.
  let root: unknown = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  const reason = root instanceof Error ? root.message : String(root);
  return new DomainError('internal_error', `The migration ${name ?? 'run'} failed: ${reason}`, {
    cause: error,
    details: { migration: name ?? null, reason, code: translated.code },
  });
}

async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const applied = await appliedMigrations(db);
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

/** Names of the migrations the database has applied; none when it has never been migrated. */
async function appliedMigrations(db: Kysely<Database>): Promise<Set<string>> {
  const table = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (table.rows[0]?.present !== true) return new Set();
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(rows.rows.map((row) => row.name));
}

/**
 * Whether the database has applied exactly the migrations of this version, read in two light
 * statements: Kysely's migrator introspects the catalogue several times before it finds nothing to
 * do, which takes seconds on PGlite at every start. Anything else (a fresh database, a pending
 * migration, one this version does not know) goes to the migrator, which applies or reports it.
 */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const applied = await appliedMigrations(db);
  const known = Object.keys(migrations);
  return applied.size === known.length && known.every((name) => applied.has(name));
}

async function vectorAvailable(db: Kysely<Database>): Promise<boolean> {
  const result = await sql<{ available: boolean }>`
    select exists (select 1 from pg_available_extensions where name = 'vector') as available`.execute(db);
  return result.rows[0]?.available === true;
}
