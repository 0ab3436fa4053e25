import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ChunkSource, ChromaVectorStore } from '@chatbuddy/adapters-chroma';
import {
  createPostgresPersistence,
  type PostgresPersistence,
  type VectorOutbox,
} from '@chatbuddy/adapters-postgres';
import type { Logger as LoggerPort, ReadinessProbe, VectorStore } from '@chatbuddy/core';
import { backgroundIndexingConcurrency, ConfigError, type ChatBuddyConfig } from './config.js';
import { createDataFolder } from './data-folder.js';
import { lockDataFolder } from './data-folder-lock.js';
import { type Logger, PinoLogger } from './logger.js';
import type { Persistence } from './resources.js';

/** Where the embedded database lives inside the data folder. */
export function embeddedDatabaseDir(config: Pick<ChatBuddyConfig, 'dataDir'>): string {
  return join(config.dataDir, 'pglite');
}

/** Opens PostgreSQL (`DB_URL`) or the embedded PGlite database (no migration). */
async function openDatabase(config: ChatBuddyConfig, logger?: LoggerPort): Promise<PostgresPersistence> {
  // Searches read in-process copies of the index (exact, kept current by the change feed);
  // vectors only when they live in the database.
  const searchMirror = config.searchMirrorMaxChunks > 0 && {
    maxChunks: config.searchMirrorMaxChunks,
    vectors: !config.chromaUrl,
  };
  const warnings = logger ? { logger } : {};
  if (config.dbUrl) {
    // Each background indexing run holds a connection while its vectors are written: the pool
    // grows by as many, so requests keep the ten they had.
    const poolSize = 10 + backgroundIndexingConcurrency(config);
    return createPostgresPersistence({ url: config.dbUrl, poolSize, searchMirror, ...warnings });
  }
  const dataDir = embeddedDatabaseDir(config);
  await createDataFolder(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  // PGlite is single-writer: one process at a time may open the folder (see data-folder-lock.ts).
  const lock = lockDataFolder(config.dataDir);
  try {
    const database = await createPostgresPersistence({
      dataDir,
      thread: config.databaseThread,
      searchMirror,
      ...warnings,
    });
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function notMigrated(pending: readonly string[]): ConfigError {
  const what =
    pending.length > 1
      ? `${pending.length} migrations of this version are not applied (the first: ${pending[0]})`
      : `the migration ${pending[0]} is not applied`;
  return new ConfigError([
    {
      variable: 'AUTO_MIGRATE',
      option: 'autoMigrate',
      message: `the database is not up to date: ${what}; run \`chatbuddy migrate\` once, or set AUTO_MIGRATE=true`,
    },
  ]);
}

/**
 * Opens the database and migrates it when allowed: always for the embedded default (unless
 * `AUTO_MIGRATE=false`), only with `AUTO_MIGRATE=true` in server mode (otherwise run
 * `chatbuddy migrate`).
 */
export async function openPersistence(
  config: ChatBuddyConfig,
  logger: Logger,
): Promise<{ persistence: Persistence; pgVectors: VectorStore | null }> {
  const database = await openDatabase(config, new PinoLogger(logger));
  try {
    const migrate = config.autoMigrate ?? !config.dbUrl;
    if (migrate) {
      const report = await database.migrate();
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
    } else {
      // Serving on a schema this version does not expect would answer 500s: refuse to start.
      const pending = await database.pendingMigrations();
      if (pending.length > 0) throw notMigrated(pending);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const { repositories } = database;
  let outbox: VectorOutbox | undefined;
  return {
    pgVectors: database.vectorStore,
    persistence: {
      chunkRows: database.chunkRows,
      ...repositories,
      unitOfWork: database.unitOfWork,
      lexicalIndex: database.lexicalIndex,
      vectorStore: database.vectorStore,
      probe: database.readinessProbe,
      ...(database.vectorOutbox &&
        config.chromaWriteBehind && {
          outboxFor: (store: VectorStore) => {
            outbox = database.vectorOutbox!(store);
            return outbox;
          },
        }),
      vectorsToSend: () => outbox?.backlog() ?? Promise.resolve(0),
      maintain: () => database.maintain(),
      ...(database.backup && { backup: database.backup }),
      ...(database.compactHeap && { compactHeap: database.compactHeap }),
      ...(database.searchMirror && { warmSearch: () => warmSearch(database) }),
      ...(database.searchMirror && { mirroredChunks: () => database.searchMirror?.mirroredChunks ?? 0 }),
      close: () => database.close(),
    },
  };
}

/** Chroma when `CHROMA_URL` is set, else pgvector in the database; refuses a database without it. */
export function selectVectorStore(
  config: ChatBuddyConfig,
  pgVectors: VectorStore | null,
  chunkRows?: ChunkSource,
  outboxFor?: (store: VectorStore) => VectorStore,
): { store: VectorStore; probe: ReadinessProbe | null } {
  if (config.chromaUrl) {
    // Chroma holds vectors only: hits take their chunks from the chunk rows (0030).
    const store = new ChromaVectorStore({
      url: config.chromaUrl,
      tenant: config.chromaTenant,
      database: config.chromaDatabase,
      ...(chunkRows && { chunks: chunkRows }),
    });
    const probe = { name: 'chroma', check: () => store.ping() };
    // Uploads wait for the database only; the outbox's writer sends the vectors on (0043).
    return { store: chunkRows && outboxFor ? outboxFor(store) : store, probe };
  }
  if (!pgVectors) {
    throw new ConfigError([
      {
        variable: 'CHROMA_URL',
        option: 'chromaUrl',
        message:
          'the PostgreSQL server at DB_URL has no pgvector extension; set CHROMA_URL to store vectors in Chroma',
      },
    ]);
  }
  return { store: pgVectors, probe: null };
}

/** Applies pending migrations to the configured database (`chatbuddy migrate`). */
export async function migrateDatabase(
  config: ChatBuddyConfig,
): Promise<{ applied: string[]; database: 'postgres' | 'pglite' }> {
  const database = await openDatabase(config);
  try {
    const report = await database.migrate();
    return { applied: report.applied, database: database.kind };
  } finally {
    await database.close();
  }
}

/** Loads every project's search mirror, most recently created first, until the size limit. */
async function warmSearch(database: PostgresPersistence): Promise<{ projects: number; chunks: number }> {
  const mirror = database.searchMirror;
  let projects = 0;
  let cursor: string | null = null;
  if (!mirror) return { projects, chunks: 0 };
  do {
    const page = await database.repositories.projects.list({}, { limit: 100, cursor });
    for (const project of page.items) if (await mirror.load(project.id)) projects += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return { projects, chunks: mirror.mirroredChunks };
}
