import { type Chunk, type Logger, silentLogger } from '@chatbuddy/core';
import { type Kysely, sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { toChunk } from '../repositories/chunk-rows.js';
import type { Database } from '../schema/index.js';
import { type SearchChange, SearchChangeFeed } from './change-feed.js';
import { type ChunkPostings, type LexicalStatistics, LexicalMirror } from './lexical-mirror.js';
import { MirrorSnapshots } from './mirror-snapshot.js';
import { type StoredVector, VectorMirror } from './vector-mirror.js';

/** Limits of the in-process search mirror. */
export interface SearchMirrorOptions {
  /** Mirror vectors too (pgvector); false when vectors live elsewhere (Chroma). */
  vectors: boolean;
  /** Chunks mirrored across all projects; the least recently searched projects are dropped first. */
  maxChunks?: number;
  /** Chunk objects kept for hydrating hits (least recently used are dropped). */
  maxCachedChunks?: number;
  /** A catch-up touching more documents than this reloads the project in the background. */
  incrementalDocuments?: number;
  /** After a failed load, wait this long before trying again. */
  retryAfterMs?: number;
  /**
   * Wait for a project's load on its first search instead of answering from SQL meanwhile
   * (tests and batch evaluation; a server prefers answering at once).
   */
  blockingLoad?: boolean;
  /**
   * Without `blockingLoad`: how long after a project's load starts its searches wait for it
   * instead of being answered from SQL (0: never). SQL searches of a large project hold the
   * embedded database for seconds each and the load's own statements queue behind them, so a load
   * from a snapshot that takes seconds alone took minutes under traffic. The wait is the load's,
   * not each search's: past it, every search uses SQL at once until the load is done.
   */
  loadWaitMs?: number;
  /** Receives a warning when a load or catch-up fails (searches then use SQL). */
  logger?: Logger;
  /**
   * Folder for snapshots of loaded projects (written by `writeSnapshots`, read on load and then
   * brought up to date from the change feed); none: every load reads the database.
   */
  snapshotFolder?: string;
}

/** One project's mirrored search data at `generation` of the change feed. */
export interface ProjectMirror {
  generation: number;
  statistics: LexicalStatistics;
  lexical: LexicalMirror;
  vectors: VectorMirror | null;
  lastUsed: number;
}

/** A load under way; `waited` settles when it ends or its searches stop waiting for it. */
interface Load {
  done: Promise<void>;
  waited: Promise<void> | null;
}

interface GenerationRead {
  result: Promise<number | null>;
  supplied: Promise<number | null> | undefined;
}

/** Documents read per statement while loading a project. */
const loadBatchDocuments = 200;

const defaults = {
  maxChunks: 2_000_000,
  maxCachedChunks: 20_000,
  incrementalDocuments: 200,
  retryAfterMs: 30_000,
  blockingLoad: false,
  loadWaitMs: 10_000,
  logger: silentLogger,
  snapshotFolder: '',
};

/**
 * In-process copies of projects' search data (BM25 postings, vectors), kept exact by the change
 * feed: before each search the project's generation is read (one indexed row; concurrent searches
 * in the same tick share the read) and changed documents are read again. A project is loaded in
 * the background on its first search, which waits for the load a bounded time (`loadWaitMs`);
 * past that, and whenever the mirror cannot be trusted (a gap in the feed, a failed load, a
 * project over the size limit), `ready` returns null and the caller uses its SQL path, so results
 * never depend on the mirror's state.
 */
export class SearchMirror {
  private readonly options: Required<SearchMirrorOptions>;
  private readonly feed: SearchChangeFeed;
  private readonly projects = new Map<string, ProjectMirror>();
  private readonly loads = new Map<string, Load>();
  private readonly failures = new Map<string, number>();
  private readonly syncs = new Map<string, Promise<ProjectMirror | null>>();
  private readonly generationReads = new Map<string, GenerationRead>();
  private readonly chunkCache: LRUCache<string, Chunk>;
  private readonly snapshots: MirrorSnapshots | null;
  /** Generation of each project's snapshot on disk, as last written or read. */
  private readonly snapshotGenerations = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    options: SearchMirrorOptions,
  ) {
    this.options = { ...defaults, ...options };
    this.chunkCache = new LRUCache({ max: Math.max(1, this.options.maxCachedChunks) });
    this.feed = new SearchChangeFeed(db);
    this.snapshots = this.options.snapshotFolder ? new MirrorSnapshots(this.options.snapshotFolder) : null;
  }

  /**
   * Writes a snapshot of every loaded project whose mirror moved since its last snapshot (upkeep
   * and shutdown); returns how many were written. A failure is logged, never thrown.
   */
  async writeSnapshots(): Promise<number> {
    if (!this.snapshots) return 0;
    let written = 0;
    for (const [projectId, project] of [...this.projects]) {
      if (this.snapshotGenerations.get(projectId) === project.generation) continue;
      try {
        await this.snapshots.write(projectId, project);
        this.snapshotGenerations.set(projectId, project.generation);
        written += 1;
      } catch (error) {
        this.options.logger.warn('search mirror could not write a snapshot', { projectId, error });
      }
    }
    return written;
  }

  /** Whether vectors are mirrored. */
  get mirrorsVectors(): boolean {
    return this.options.vectors;
  }

  /** Mirrored chunks across projects (for tests and metrics). */
  get mirroredChunks(): number {
    let total = 0;
    for (const project of this.projects.values()) total += project.lexical.size;
    return total;
  }

  /** Whether the project is mirrored now (it may still need to catch up with the feed). */
  mirrored(projectId: string): boolean {
    return this.projects.has(projectId);
  }

  /**
   * The project's mirror, up to date with the feed as read now; null when the SQL path must answer
   * (not loaded yet, loading past its wait, or untrusted). `generationRead`: the caller reads the
   * generation in a statement of its own (saving a round trip); other searches of the same tick
   * share it.
   */
  async ready(projectId: string, generationRead?: Promise<number | null>): Promise<ProjectMirror | null> {
    const generation = await this.currentGeneration(projectId, generationRead);
    if (generation === null) {
      this.forget(projectId);
      if (this.snapshotGenerations.delete(projectId)) void this.snapshots?.remove(projectId).catch(() => {});
      return null;
    }
    let project = this.projects.get(projectId);
    if (!project) {
      this.startLoad(projectId);
      const waited = this.loads.get(projectId)?.waited;
      if (!waited) return null;
      await waited;
      project = this.projects.get(projectId);
      if (!project) return null;
    }
    project.lastUsed = Date.now();
    if (project.generation >= generation) return project;
    return this.catchUp(projectId, project, generation);
  }

  /** Waits until the project is loaded (tests, warm-up); false when it cannot be mirrored. */
  async load(projectId: string): Promise<boolean> {
    if ((await this.currentGeneration(projectId)) === null) return false;
    this.failures.delete(projectId);
    this.startLoad(projectId);
    await this.loads.get(projectId)?.done;
    return (await this.ready(projectId)) !== null;
  }

  /** Chunk objects for hits, from the cache or one query of their rows. */
  async chunks(projectId: string, ids: readonly string[]): Promise<Map<string, Chunk>> {
    const found = new Map<string, Chunk>();
    const missing: string[] = [];
    for (const id of ids) {
      const chunk = this.chunkCache.get(id);
      if (chunk && chunk.projectId === projectId) found.set(id, chunk);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const loaded = (
      await this.db
        .selectFrom('document_chunks')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', 'in', missing)
        .execute()
    ).map(toChunk);
    for (const chunk of loaded) {
      found.set(chunk.id, chunk);
      this.chunkCache.set(chunk.id, chunk);
    }
    return found;
  }

  /** Stops loading and drops every mirror. */
  close(): void {
    this.closed = true;
    this.projects.clear();
    this.chunkCache.clear();
  }

  /**
   * Concurrent callers in one synchronous stretch (the vector and lexical search of a request)
   * share one read of the generation: the read starts after the stretch, from a statement a caller
   * supplied or a query of its own.
   */
  private currentGeneration(projectId: string, supplied?: Promise<number | null>): Promise<number | null> {
    let read = this.generationReads.get(projectId);
    if (!read) {
      let settle!: (value: Promise<number | null>) => void;
      const created: GenerationRead = {
        result: new Promise<number | null>((resolve) => {
          settle = resolve;
        }),
        supplied: undefined,
      };
      read = created;
      this.generationReads.set(projectId, created);
      queueMicrotask(() => {
        this.generationReads.delete(projectId);
        settle(created.supplied ?? this.feed.generation(projectId));
      });
    }
    read.supplied ??= supplied;
    return read.result;
  }

  private forget(projectId: string): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    this.evictProjectChunks(projectId);
    this.projects.delete(projectId);
  }

  private startLoad(projectId: string): void {
    if (this.closed || this.loads.has(projectId)) return;
    const failedAt = this.failures.get(projectId);
    if (failedAt !== undefined && Date.now() - failedAt < this.options.retryAfterMs) return;
    const done = this.fullLoad(projectId)
      .then((project) => {
        if (this.closed) return;
        if (!project) {
          this.failures.set(projectId, Date.now());
          return;
        }
        this.failures.delete(projectId);
        this.evictProjectChunks(projectId);
        this.projects.set(projectId, project);
        this.enforceLimit(projectId);
      })
      .catch((error: unknown) => {
        // A load cut short by closing (its database connection gone) is not a failure to report.
        if (this.closed) return;
        this.failures.set(projectId, Date.now());
        this.options.logger.warn('search mirror could not load a project; searches use SQL meanwhile', {
          projectId,
          retryAfterMs: this.options.retryAfterMs,
          error,
        });
      })
      .finally(() => this.loads.delete(projectId));
    this.loads.set(projectId, { done, waited: this.waitFor(done) });
  }

  /** What searches await of a load: all of it (`blockingLoad`), up to `loadWaitMs`, or nothing. */
  private waitFor(done: Promise<void>): Promise<void> | null {
    if (this.options.blockingLoad) return done;
    const ms = this.options.loadWaitMs;
    if (ms <= 0) return null;
    return new Promise<void>((resolve) => {
      // One timer per load, however many searches wait on it.
      const timer = setTimeout(resolve, ms);
      timer.unref();
      void done.finally(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Reads the whole project; null when it is over the size limit. */
  private async fullLoad(projectId: string): Promise<ProjectMirror | null> {
    const generation = await this.feed.generation(projectId);
    if (generation === null) return null;
    const statistics = await this.readStatistics(projectId);
    if (statistics.chunkCount > this.options.maxChunks) return null;
    const restored = await this.fromSnapshot(projectId, generation, statistics);
    if (restored) return restored;
    const lexical = new LexicalMirror();
    const vectors = this.options.vectors ? new VectorMirror() : null;
    // Document by document in batches: a large project never sits in memory twice as query rows.
    const documents = await this.db
      .selectFrom('documents')
      .select('id')
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute();
    for (let start = 0; start < documents.length; start += loadBatchDocuments) {
      if (this.closed) return null;
      const ids = documents.slice(start, start + loadBatchDocuments).map((row) => row.id);
      lexical.add(await this.readTerms(projectId, ids));
      if (vectors) vectors.add(await this.readVectors(projectId, ids));
    }
    return { generation, statistics, lexical, vectors, lastUsed: Date.now() };
  }

  /**
   * The project from its snapshot, brought up to `generation` from the change feed; null when
   * there is no usable snapshot (missing, damaged, from a later generation, statistics that
   * disagree, or a feed that no longer reaches back to it): then the caller reads the database.
   */
  private async fromSnapshot(
    projectId: string,
    generation: number,
    statistics: LexicalStatistics,
  ): Promise<ProjectMirror | null> {
    if (!this.snapshots) return null;
    let snapshot: Awaited<ReturnType<MirrorSnapshots['read']>>;
    try {
      snapshot = await this.snapshots.read(projectId);
    } catch (error) {
      this.options.logger.warn('search mirror snapshot is damaged; loading from the database', {
        projectId,
        error,
      });
      return null;
    }
    if (!snapshot || snapshot.generation > generation) return null;
    if (
      snapshot.generation === generation &&
      (snapshot.statistics.chunkCount !== statistics.chunkCount ||
        snapshot.statistics.totalLength !== statistics.totalLength)
    )
      return null;
    if (Boolean(snapshot.vectors) !== this.options.vectors) return null;
    const project: ProjectMirror = { ...snapshot, lastUsed: Date.now() };
    this.snapshotGenerations.set(projectId, snapshot.generation);
    if (!(await this.replay(projectId, project, generation))) return null;
    return project;
  }

  private catchUp(
    projectId: string,
    project: ProjectMirror,
    generation: number,
  ): Promise<ProjectMirror | null> {
    const running = this.syncs.get(projectId);
    const next = (running ?? Promise.resolve(null))
      .catch(() => null)
      .then(() => this.applyChanges(projectId, project, generation));
    const tracked = next.finally(() => {
      if (this.syncs.get(projectId) === tracked) this.syncs.delete(projectId);
    });
    this.syncs.set(projectId, tracked);
    return tracked.catch((error: unknown) => {
      this.options.logger.warn('search mirror could not catch up with changes; this search uses SQL', {
        projectId,
        error,
      });
      return null;
    });
  }

  private async applyChanges(
    projectId: string,
    project: ProjectMirror,
    generation: number,
  ): Promise<ProjectMirror | null> {
    if (this.projects.get(projectId) !== project) return this.projects.get(projectId) ?? null;
    if (await this.replay(projectId, project, generation)) return project;
    this.failures.delete(projectId);
    this.startLoad(projectId);
    return null;
  }

  /**
   * Applies the change feed to `project` until it reaches `generation`; false when the feed has a
   * gap, a whole-project change or too many documents (the project must be loaded again).
   */
  private async replay(projectId: string, project: ProjectMirror, generation: number): Promise<boolean> {
    while (project.generation < generation) {
      const changes = await this.feed.changesSince(
        projectId,
        project.generation,
        this.options.incrementalDocuments,
      );
      const documentIds = this.documentsOf(project.generation, changes);
      if (!documentIds || documentIds.size > this.options.incrementalDocuments) return false;
      const ids = [...documentIds];
      const [statistics, postings, vectors] = await Promise.all([
        this.readStatistics(projectId),
        this.readTerms(projectId, ids),
        project.vectors ? this.readVectors(projectId, ids) : Promise.resolve([]),
      ]);
      this.evictChunksOf(project, ids);
      for (const { chunkId } of [...postings, ...vectors]) this.chunkCache.delete(chunkId);
      for (const id of ids) {
        project.lexical.removeDocument(id);
        project.vectors?.removeDocument(id);
      }
      project.lexical.add(postings);
      project.vectors?.add(vectors);
      project.statistics = statistics;
      project.generation = changes.at(-1)!.generation;
    }
    return true;
  }

  /** Documents touched by contiguous changes after `generation`; null when the feed has a gap. */
  private documentsOf(generation: number, changes: readonly SearchChange[]): Set<string> | null {
    if (changes.length === 0 || changes[0]!.generation !== generation + 1) return null;
    const ids = new Set<string>();
    let expected = generation + 1;
    for (const change of changes) {
      if (change.generation !== expected || change.documentIds === null) return null;
      for (const id of change.documentIds) ids.add(id);
      expected += 1;
    }
    return ids;
  }

  private evictProjectChunks(projectId: string): void {
    const ids = [...this.chunkCache.entries()].filter(([, chunk]) => chunk.projectId === projectId);
    for (const [id] of ids) this.chunkCache.delete(id);
  }

  private evictChunksOf(project: ProjectMirror, documentIds: readonly string[]): void {
    for (const documentId of documentIds) {
      for (const id of project.lexical.chunkIdsOf(documentId)) this.chunkCache.delete(id);
      for (const id of project.vectors?.chunkIdsOf(documentId) ?? []) this.chunkCache.delete(id);
    }
  }

  private enforceLimit(keep: string): void {
    let total = this.mirroredChunks;
    const byAge = [...this.projects.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [projectId, project] of byAge) {
      if (total <= this.options.maxChunks) return;
      if (projectId === keep) continue;
      total -= project.lexical.size;
      this.forget(projectId);
    }
  }

  private async readStatistics(projectId: string): Promise<LexicalStatistics> {
    const row = await this.db
      .selectFrom('lexical_statistics')
      .select(['chunk_count', 'total_length'])
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return { chunkCount: Number(row?.chunk_count ?? 0), totalLength: Number(row?.total_length ?? 0) };
  }

  private async readTerms(
    projectId: string,
    documentIds: readonly string[] | null,
  ): Promise<ChunkPostings[]> {
    if (documentIds && documentIds.length === 0) return [];
    const result = await sql<{
      chunk_id: string;
      document_id: string;
      chunk_length: number;
      lexemes: string[];
      tfs: number[];
    }>`
      select chunk_id, document_id, chunk_length, lexemes, tfs
      from lexical_chunk_terms
      where project_id = ${projectId}::uuid
        and (${documentIds}::uuid[] is null or document_id = any(${documentIds}::uuid[]))`.execute(this.db);
    return result.rows.map((row) => ({
      chunkId: row.chunk_id,
      documentId: row.document_id,
      chunkLength: Number(row.chunk_length),
      lexemes: row.lexemes,
      tfs: row.tfs.map(Number),
    }));
  }

  private async readVectors(
    projectId: string,
    documentIds: readonly string[] | null,
  ): Promise<StoredVector[]> {
    if (documentIds && documentIds.length === 0) return [];
    const result = await sql<{ chunk_id: string; document_id: string; vector: Uint8Array }>`
      select chunk_id, document_id, vector_send(embedding) as vector
      from chunk_embeddings
      where project_id = ${projectId}::uuid
        and (${documentIds}::uuid[] is null or document_id = any(${documentIds}::uuid[]))`.execute(this.db);
    return result.rows.map((row) => ({
      chunkId: row.chunk_id,
      documentId: row.document_id,
      values: decodeVector(row.vector),
    }));
  }
}

/** pgvector's binary form: int16 dimensions, int16 unused, then big-endian float4 values. */
function decodeVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dimensions = view.getInt16(0);
  const values = new Float32Array(dimensions);
  for (let d = 0; d < dimensions; d += 1) values[d] = view.getFloat32(4 + d * 4);
  return values;
}
