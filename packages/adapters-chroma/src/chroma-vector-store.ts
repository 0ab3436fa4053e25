import {
  type Chunk,
  type ChunkId,
  type DocumentId,
  type EmbeddedChunk,
  invalidInput,
  type ProjectId,
  type ScoredChunk,
  type VectorQuery,
  type VectorStore,
} from '@chatbuddy/core';
import { ChromaClient, type Where } from 'chromadb';
import { ChromaCollections } from './chroma-collections.js';
import { GroupedWrites } from './grouped-writes.js';
import { translateChromaError, withDeadline } from './chroma-errors.js';
import {
  checkCollectionPrefix,
  checkQueryEmbedding,
  fromRecord,
  isVanishedRecord,
  toRecords,
} from './chroma-records.js';

export interface ChromaVectorStoreOptions {
  /** Server address, e.g. `http://127.0.0.1:8000` (CHROMA_URL). */
  url: string;
  /** CHROMA_TENANT; the server's default tenant when absent. */
  tenant?: string;
  /** CHROMA_DATABASE; the server's default database when absent. */
  database?: string;
  /** Deadline of each request to the server, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Records per upsert or delete request; capped by the server's own maximum (default 1 000). */
  batchSize?: number;
  /** Start of every collection name, so several deployments can share a server (default `chatbuddy-`). */
  collectionPrefix?: string;
  /** Extra HTTP headers, e.g. `x-chroma-token` for a server with token authentication. */
  headers?: Record<string, string>;
  /**
   * Where the chunks live, when the vectors sit beside a database that holds them (the server's
   * chunk rows). Given, a record is its vector and its document id, nothing more: Chroma stores
   * and indexes a record's text (its own full-text and string indexes) at about a third of each
   * write's cost, and every metadata field at about a quarter more, for copies nobody reads.
   * Query hits then take their chunk from here, and a hit whose chunk is gone is stale and left
   * out. Absent, each record holds its chunk's text and metadata, and queries rebuild chunks
   * from them.
   */
  chunks?: ChunkSource;
}

/** The chunks of some ids in a project, by id; ids of other projects or without a chunk are absent. */
export type ChunkSource = (
  projectId: ProjectId,
  ids: readonly ChunkId[],
) => Promise<ReadonlyMap<ChunkId, Chunk>>;

/** Vectors on a Chroma server: one cosine collection per project, embeddings supplied by the caller. */
export class ChromaVectorStore implements VectorStore {
  /** Chroma is a server of its own: its writes never wait for a database transaction. */
  readonly writesIndependentOfUnitOfWork = true;
  private readonly client: ChromaClient;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly collections: ChromaCollections;
  private readonly chunks: ChunkSource | undefined;
  private serverBatchSize: Promise<number> | undefined;
  private readonly groupedUpserts: GroupedWrites<EmbeddedChunk>;

  constructor(options: ChromaVectorStoreOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw invalidInput('CHROMA_URL must be an http(s) URL without a path');
    }
    // The client only takes host, port and ssl: a path (reverse-proxy prefix) would be dropped silently.
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/') {
      throw invalidInput('CHROMA_URL must be an http(s) URL without a path');
    }
    const ssl = url.protocol === 'https:';
    this.client = new ChromaClient({
      host: url.hostname, // IPv6 keeps its brackets, as the client's base URL needs them
      port: url.port ? Number(url.port) : ssl ? 443 : 80,
      ssl,
      ...(options.tenant ? { tenant: options.tenant } : {}),
      ...(options.database ? { database: options.database } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0 && Number.isFinite(this.timeoutMs))) throw invalidInput('timeoutMs must be > 0');
    this.batchSize = options.batchSize ?? 1_000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw invalidInput('batchSize must be ≥ 1');
    const prefix = checkCollectionPrefix(options.collectionPrefix ?? 'chatbuddy-');
    this.collections = new ChromaCollections(this.client, prefix, this.timeoutMs);
    this.chunks = options.chunks;
    this.groupedUpserts = new GroupedWrites<EmbeddedChunk>(
      (projectId, chunks) => this.sendUpsert(projectId, chunks),
      this.batchSize,
      (item) => item.chunk.id,
    );
  }

  /**
   * Inserts or replaces vectors by chunk id, in batches the server accepts. Upserts of a project
   * that arrive while one of it is under way are sent together once it ends (`GroupedWrites`).
   */
  async upsert(projectId: ProjectId, chunks: readonly EmbeddedChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.groupedUpserts.run(projectId, chunks);
  }

  private async sendUpsert(projectId: ProjectId, chunks: readonly EmbeddedChunk[]): Promise<void> {
    const vectorsOnly = this.chunks !== undefined;
    const records = toRecords(projectId, chunks, { vectorsOnly });
    const size = await this.maximumBatch();
    for (let start = 0; start < records.ids.length; start += size) {
      const end = start + size;
      const batch = {
        ids: records.ids.slice(start, end),
        embeddings: records.embeddings.slice(start, end),
        ...(vectorsOnly ? {} : { documents: records.documents.slice(start, end) }),
        metadatas: records.metadatas.slice(start, end),
      };
      await this.collections.run(projectId, 'upsert', true, (collection) => collection.upsert(batch));
    }
  }

  /** Nearest chunks by cosine similarity (score = 1 − cosine distance), highest first. */
  async query(projectId: ProjectId, query: VectorQuery): Promise<ScoredChunk[]> {
    const embedding = checkQueryEmbedding(query.embedding);
    if (!Number.isInteger(query.topK) || query.topK < 1)
      throw invalidInput('topK must be a positive integer');
    if (query.documentIds?.length === 0) return [];
    const where = query.documentIds ? documentFilter(query.documentIds) : undefined;
    const result = await this.collections.run(projectId, 'query', false, (collection) =>
      collection.query({
        queryEmbeddings: [embedding],
        nResults: query.topK,
        ...(where ? { where } : {}),
        include: this.chunks ? ['metadatas', 'distances'] : ['documents', 'metadatas', 'distances'],
      }),
    );
    if (!result) return [];
    const ids = result.ids[0] ?? [];
    const score = (index: number) => 1 - (result.distances[0]?.[index] ?? 1);
    if (this.chunks) {
      const live = ids.filter((_, index) => (result.metadatas[0]?.[index] ?? null) !== null);
      const chunks = await this.chunks(projectId, live);
      return ids.flatMap((id, index) => {
        const chunk = chunks.get(id);
        return chunk && chunk.projectId === projectId ? [{ chunk, score: score(index) }] : [];
      });
    }
    return ids.flatMap((id, index) => {
      const text = result.documents[0]?.[index] ?? null;
      const metadata = result.metadatas[0]?.[index] ?? null;
      if (isVanishedRecord(text, metadata)) return [];
      return [{ chunk: fromRecord(id, text, metadata), score: score(index) }];
    });
  }

  /** Removes the given chunks' vectors; unknown ids and unknown projects are ignored. */
  async deleteChunks(projectId: ProjectId, chunkIds: readonly string[]): Promise<void> {
    if (chunkIds.length === 0) return;
    const size = await this.maximumBatch();
    for (let start = 0; start < chunkIds.length; start += size) {
      const ids = chunkIds.slice(start, start + size);
      await this.collections.run(projectId, 'delete', false, (collection) => collection.delete({ ids }));
    }
  }

  /** Removes every vector of a document. */
  async deleteByDocument(projectId: ProjectId, documentId: DocumentId): Promise<void> {
    await this.collections.run(projectId, 'delete', false, (collection) =>
      collection.delete({ where: documentFilter([documentId]) }),
    );
  }

  /** Ids of the stored chunks of a document, sorted. */
  async listChunkIds(projectId: ProjectId, documentId: DocumentId): Promise<string[]> {
    const result = await this.collections.run(projectId, 'list', false, (collection) =>
      collection.get({ where: documentFilter([documentId]), include: [] }),
    );
    return [...(result?.ids ?? [])].sort();
  }

  /** Deletes the project's collection (a missing one is fine). */
  async dropProject(projectId: ProjectId): Promise<void> {
    await this.collections.drop(projectId);
  }

  /** Heartbeat (at most 5 s): throws `dependency_unavailable` when the server cannot be reached. */
  async ping(): Promise<void> {
    try {
      // Readiness probes want a quick answer, whatever the deadline of data calls.
      await withDeadline('heartbeat', Math.min(this.timeoutMs, 5_000), () => this.client.heartbeat());
    } catch (error) {
      throw translateChromaError(error, 'heartbeat');
    }
  }

  private maximumBatch(): Promise<number> {
    this.serverBatchSize ??= withDeadline('batch size', this.timeoutMs, () => this.client.getMaxBatchSize())
      .then((server) => Math.max(1, Math.min(server, this.batchSize)))
      .catch((error: unknown) => {
        this.serverBatchSize = undefined;
        throw translateChromaError(error, 'batch size');
      });
    return this.serverBatchSize;
  }
}

function documentFilter(documentIds: readonly DocumentId[]): Where {
  return documentIds.length === 1
    ? { documentId: documentIds[0]! }
    : { documentId: { $in: [...documentIds] } };
}
