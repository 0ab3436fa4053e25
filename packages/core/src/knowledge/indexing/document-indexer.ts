import type { ChunkId, DocumentId, ProjectId } from '../../shared/common.js';
import type { Chunk, EmbeddedChunk, KnowledgeDocument } from '../document.js';
import { embeddingModelMismatch, ensureEmbeddingModel, type Project } from '../../projects/index.js';
import { type ChunkingOptions, chunkSections, type TextChunk } from '../chunking/chunker.js';
import { isDomainError, notFound } from '../../shared/domain-error.js';
import type { Clock } from '../../ports/clock.port.js';
import type { ParsedDocument } from '../../ports/document-parser.port.js';
import type { DocumentRepository } from '../../ports/document.repository.port.js';
import type { Embedder } from '../../ports/embedder.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ModelGateway } from '../../ports/model-gateway.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import type { TokenCounter } from '../../ports/token-counter.port.js';
import type { TransactionalRepositories, UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { TransactionalVectorWriter, VectorStore } from '../../ports/vector-store.port.js';
import { chunkInTurns } from './chunk-in-turns.js';
import { storedStructure } from './document-structure.js';
import { embedAndStore, embedBatch } from './embed-chunks.js';
import { SupersededError, failureReason, indexingFailed } from './indexing-errors.js';
import { defaultLeaseOptions, holdLease, type LeaseOptions } from './indexing-lease.js';
import { recordFailure } from './record-failure.js';
import type { BackgroundIndexing, IndexingPlace } from './background-indexing.js';

/** A background run that waited longer than this for its turn checks its document is still there. */
const waitedLongMs = 1_000;
/** Chunks per embedder call when embedding inside the swap transaction (a few ms of CPU each). */
const embedSliceInTransaction = 2;
/** Vectors embedded inside the swap at most before its rows are written (bounds the memory held). */
const maxEmbeddedAhead = 1_024;
/**
 * Content of at most this many characters begins its swap while it is being chunked (the
 * transaction then waits a few milliseconds for the chunks); longer content is chunked first, so
 * that the database is never held while a long document is chunked.
 */
const swapWhileChunkingMaxChars = 64 * 1024;

/** How the swap transaction meets the document's vectors. */
type SwapVectors =
  /** Written by an independent store meanwhile: the transaction commits once they are stored. */
  | { stored: Promise<void> }
  /** Embedded and written in the transaction, while and after its rows are written. */
  | {
      write: (
        repositories: TransactionalRepositories,
        chunks: readonly Chunk[],
        rowsWritten: Promise<void>,
      ) => Promise<void>;
    };

export interface IndexingOptions {
  /** Texts per embedder call. */
  embedBatchSize: number;
  chunking: Partial<ChunkingOptions>;
  /** The lease a run holds on its document while it lasts. */
  lease: LeaseOptions;
}

export const defaultIndexingOptions: Readonly<IndexingOptions> = Object.freeze({
  embedBatchSize: 64,
  chunking: {},
  lease: defaultLeaseOptions,
});

export interface IndexRequest {
  /** Structure from the parser for the stored content; derived from the stored document if absent. */
  structure?: ParsedDocument;
  /** Full project reindex: the project may move to the embedder's model. */
  allowModelChange?: boolean;
  /**
   * Repair: after the swap, remove every vector of the document that is not one of the new
   * chunks (orphans left by a run that failed while the vector store was down).
   */
  sweepOrphans?: boolean;
  /** The document's project when the caller has just read it (one read fewer). */
  project?: Project;
}

/**
 * The indexing pipeline shared by upload, replace, reindex and repair, on a stored document:
 * status `indexing` → chunk → embed in batches → upsert vectors under new chunk ids (each batch
 * while the next embeds) → in one transaction swap the chunk rows and mark `ready` → delete the
 * replaced chunks' vectors. A vector store independent of the unit of work gets its last upsert
 * overlapped with the transaction, which commits only after it succeeded (0020). Readers
 * join vector hits with chunk rows, so they see the old set or the new one, never a mix or
 * nothing. On failure the document is `failed` with a safe reason and the vectors this run wrote
 * are removed (best effort, a failure is logged; orphans never answer since no chunk row points
 * at them).
 */
export class DocumentIndexer {
  private readonly options: IndexingOptions;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly documents: DocumentRepository,
    private readonly projects: ProjectRepository,
    private readonly vectors: VectorStore,
    private readonly models: ModelGateway,
    private readonly tokenCounter: TokenCounter,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<IndexingOptions> = {},
  ) {
    this.options = { ...defaultIndexingOptions, ...options };
  }

  /** The caller's project. @throws DomainError `project_not_found`. */
  async loadProject(projectId: ProjectId): Promise<Project> {
    const project = await this.projects.findById(projectId);
    if (!project) throw notFound('project_not_found', 'Project');
    return project;
  }

  /**
   * The embedder of the project's provider: the model its vectors were written with while the
   * provider still offers it, the current one when `allowModelChange` (a reindex moves the
   * project to it). Refused when the project's vectors are of a model no longer offered.
   * @throws DomainError `embedding_model_mismatch` unless `allowModelChange`.
   */
  embedderFor(project: Project, allowModelChange = false): Embedder {
    const embedder = allowModelChange
      ? this.models.embedder(project.modelProvider)
      : this.models.embedder(project.modelProvider, project.embeddingModel);
    if (!allowModelChange) ensureEmbeddingModel(project, embedder.model);
    return embedder;
  }

  /**
   * Indexes the stored document and returns it `ready`.
   * @throws the failure's DomainError (details name the document) after marking it `failed`;
   *   `conflict` when a concurrent change superseded this run; `document_not_found`.
   */
  async index(
    projectId: ProjectId,
    documentId: DocumentId,
    request: IndexRequest = {},
  ): Promise<KnowledgeDocument> {
    const project = request.project ?? (await this.loadProject(projectId));
    const embedder = this.embedderFor(project, request.allowModelChange);
    const now = this.clock.now();
    const started = await this.documents.update(
      projectId,
      documentId,
      { status: 'indexing', failureReason: null, leaseExpiresAt: this.leaseFrom(now) },
      now,
    );
    if (!started) throw notFound('document_not_found', 'Document');
    return this.runLeased(started, embedder, request);
  }

  /**
   * Stores a new document and indexes it. A small one whose vectors are written in the unit of
   * work's transaction is stored and indexed in that one transaction (`storeAndIndex`, 0035);
   * otherwise the document is stored `indexing` under this run's lease and indexed: what
   * `create` then `index` do, with one write fewer. `document` is as the caller built it (its
   * status and timestamps are set here).
   * @throws DomainError `duplicate_document` from the repository, before anything is stored;
   *   otherwise as `index`.
   */
  async indexNew(document: KnowledgeDocument, request: IndexRequest = {}): Promise<KnowledgeDocument> {
    const project = request.project ?? (await this.loadProject(document.projectId));
    const embedder = this.embedderFor(project, request.allowModelChange);
    const now = this.clock.now();
    const stored = asNewRun(document, now);
    if (this.storesInOneTransaction(stored, embedder)) return this.storeAndIndex(stored, embedder, request);
    const { started, chunking } = await this.createWhileChunking(stored, request, now);
    return this.runLeased(started, embedder, request, chunking);
  }

  /**
   * Writes a new document's row under this run's lease while it is chunked: chunking needs only
   * the content, and turns the event loop first, so the write has been sent to the database (in
   * another thread or process). A chunking failure is the run's, recorded once the row exists; a
   * refused row (a duplicate) stops the chunking and throws before anything else.
   */
  private async createWhileChunking(stored: KnowledgeDocument, request: IndexRequest, now: Date) {
    const creating = this.documents.create(stored, { leaseExpiresAt: this.leaseFrom(now) });
    const stop = new AbortController();
    const chunking = this.chunking(stored, request.structure, [], stop.signal);
    chunking.catch(() => undefined); // awaited by the run; a refused upload's is dropped
    try {
      return { started: await creating, chunking, stop };
    } catch (error) {
      stop.abort(error);
      throw error;
    }
  }

  /**
   * Stores a new document `indexing` under this run's lease and returns it at once; its indexing
   * runs in `queue` (uploads answered before they are indexed: decision 0042). A place in the
   * queue is taken first, so a full backlog holds the caller back before anything is stored. The
   * run records its outcome on the document (`ready`, or `failed` with the reason) as `index`
   * does; a document deleted meanwhile stops it.
   * @throws DomainError `duplicate_document` from the repository, before anything is stored;
   *   `shutting_down` when the queue is closing; `embedding_model_mismatch`.
   */
  async indexNewLater(
    document: KnowledgeDocument,
    request: IndexRequest,
    queue: BackgroundIndexing,
    beforeWaiting?: () => void,
  ): Promise<KnowledgeDocument> {
    const project = request.project ?? (await this.loadProject(document.projectId));
    const embedder = this.embedderFor(project, request.allowModelChange);
    const place = await queue.place(beforeWaiting);
    const now = this.clock.now();
    // Chunked while the row is written and while the run waits for its turn, so that its swap
    // never holds the database waiting for chunks.
    let created: Awaited<ReturnType<DocumentIndexer['createWhileChunking']>>;
    try {
      created = await this.createWhileChunking(asNewRun(document, now), request, now);
    } catch (error) {
      place.cancel();
      throw error;
    }
    const { started, chunking, stop: refused } = created;
    this.runLater(started, embedder, { ...request, project }, place, { chunking, refused });
    return started;
  }

  /**
   * Marks a stored document `indexing` under this run's lease and returns it at once; it is
   * indexed in `place` as `index` indexes it (a retry, a replacement or a reindex answered before
   * it is indexed: decision 0042). The caller took `place` before it changed anything; it is
   * given back here when the document cannot be marked.
   * @throws DomainError `document_not_found`, `embedding_model_mismatch`.
   */
  async indexLater(
    projectId: ProjectId,
    documentId: DocumentId,
    request: IndexRequest,
    place: IndexingPlace,
    settled?: () => void,
  ): Promise<KnowledgeDocument> {
    let started: KnowledgeDocument | null;
    let embedder: Embedder;
    let project: Project;
    try {
      project = request.project ?? (await this.loadProject(projectId));
      embedder = this.embedderFor(project, request.allowModelChange);
      const now = this.clock.now();
      started = await this.documents.update(
        projectId,
        documentId,
        { status: 'indexing', failureReason: null, leaseExpiresAt: this.leaseFrom(now) },
        now,
      );
      if (!started) throw notFound('document_not_found', 'Document');
    } catch (error) {
      place.cancel();
      throw error;
    }
    this.runLater(started, embedder, { ...request, project }, place, { settled });
    return started;
  }

  /**
   * Runs `started`'s indexing in `place` under a lease renewed from now, so a run waiting for its
   * turn is not taken for abandoned. `given` is a new document's chunking begun with its row and
   * the way to stop it; `settled` is called once the run ended or was dropped.
   */
  private runLater(
    started: KnowledgeDocument,
    embedder: Embedder,
    request: IndexRequest,
    place: IndexingPlace,
    given: { chunking?: Promise<Chunk[]>; refused?: AbortController; settled?: (() => void) | undefined },
  ): void {
    const lease = this.holdLeaseOn(started);
    // The run stops at its next step once the document is gone or the queue stops waiting for it.
    const stop = AbortSignal.any([lease.lost, place.signal]);
    const { projectId, id: documentId } = started;
    const storedAt = this.clock.now().getTime();
    place.start(
      async () => {
        try {
          // A run that waited renews its lease first: a document deleted meanwhile (alone or
          // with its project), or indexed by another request, is then left at once, before any
          // chunking or provider call.
          const stillThere =
            this.clock.now().getTime() - storedAt < waitedLongMs ||
            (await this.documents.renewLease(projectId, documentId, this.leaseFrom(this.clock.now())));
          if (!stillThere || stop.aborted) return;
          await this.run(started, embedder, request, given.chunking, stop);
        } catch (error) {
          // The document holds the outcome (`failed` with its reason); a deleted one needs nothing,
          // and a run stopped by a shutdown is reported with the others the queue left.
          if (error instanceof SupersededError) return;
          if (isDomainError(error) && error.code === 'shutting_down') return;
          if (!(await this.documents.findById(projectId, documentId).catch(() => null))) return;
          this.logger.warn('a document indexed after its request was answered failed', {
            projectId,
            documentId,
            error,
          });
        } finally {
          lease.release();
          given.settled?.();
        }
      },
      // Dropped when the queue closes before its turn: the lease lapses and repair releases it.
      () => {
        given.refused?.abort(new SupersededError(documentId));
        lease.release();
        given.settled?.();
      },
    );
  }

  /**
   * Whether a new document is stored and indexed in one transaction (0035): its vectors are
   * embedded in this process and written in the unit of work's transaction (0032), and it is
   * small enough to be chunked while the transaction is open.
   */
  private storesInOneTransaction(document: KnowledgeDocument, embedder: Embedder): boolean {
    return (
      this.vectors.inTransaction !== undefined &&
      embedder.inProcess === true &&
      document.content.length <= swapWhileChunkingMaxChars
    );
  }

  /**
   * A new document stored, chunked, embedded and indexed in one transaction (0035): its row is
   * written first, chunking runs meanwhile, then the swap's writes follow without reading the
   * row back. Readers see the document `ready` with its chunks and vectors, or not at all; a
   * process that dies meanwhile leaves nothing. A failure after the row was written rolls
   * everything back and stores the document `failed` with its reason, as a failed run leaves it.
   * @throws DomainError `duplicate_document` (or the database's error) when the row could not be
   *   written, before anything is stored; otherwise as `index`.
   */
  private async storeAndIndex(
    stored: KnowledgeDocument,
    embedder: Embedder,
    request: IndexRequest,
  ): Promise<KnowledgeDocument> {
    const stopped = new AbortController();
    let created = false;
    try {
      const { document } = await this.unitOfWork.run(async (repositories) => {
        // The row and the project's read go to the database at once; chunking turns the event
        // loop first, so both have been sent.
        const creating = repositories.documents.create(stored);
        const projectRead = repositories.projects.findById(stored.projectId);
        projectRead.catch(() => undefined); // awaited by the swap; fails with a refused row
        const chunking = this.chunking(stored, request.structure, [], stopped.signal);
        chunking.catch(() => undefined); // awaited by the swap; a refused upload's is dropped
        const current = await creating;
        created = true;
        const vectors = this.vectors.inTransaction!.bind(this.vectors);
        const write: SwapVectors = {
          write: (transaction, chunks, rowsWritten) =>
            this.embedInTransaction(vectors(transaction), current, chunks, embedder, rowsWritten),
        };
        return this.swapIn(
          repositories,
          current,
          chunking,
          embedder.model,
          request.allowModelChange,
          write,
          projectRead,
        );
      });
      return document;
    } catch (error) {
      stopped.abort(error);
      if (!created) throw error;
      await this.recordFailedNew(stored, error);
      throw indexingFailed(error, stored.id);
    }
  }

  /**
   * Stores a new document whose one-transaction run failed as `failed` with the reason, without
   * chunks: what a failed run leaves. Best effort: a second failure (the database gone too, or
   * the same content stored meanwhile) is logged, and nothing of the upload is left.
   */
  private async recordFailedNew(stored: KnowledgeDocument, error: unknown): Promise<void> {
    const now = this.clock.now();
    await this.documents
      .create({ ...stored, status: 'failed', failureReason: failureReason(error), updatedAt: now })
      .catch((second: unknown) =>
        this.logger.warn('a failed upload could not be recorded', {
          projectId: stored.projectId,
          documentId: stored.id,
          error: second,
        }),
      );
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.options.lease.leaseMs);
  }

  /** Renews the run's lease on `started` until released; lost when the document is gone. */
  private holdLeaseOn(started: KnowledgeDocument) {
    return holdLease(
      this.documents,
      this.clock,
      started,
      this.options.lease,
      () => new SupersededError(started.id),
    );
  }

  private async runLeased(
    started: KnowledgeDocument,
    embedder: Embedder,
    request: IndexRequest,
    chunking?: Promise<Chunk[]>,
  ): Promise<KnowledgeDocument> {
    const lease = this.holdLeaseOn(started);
    try {
      return await this.run(started, embedder, request, chunking, lease.lost);
    } finally {
      lease.release();
    }
  }

  /**
   * `given` is the document's chunking when it began already; `leaseLost` stops vector writes once
   * the document is gone (its project deleted meanwhile).
   */
  private async run(
    started: KnowledgeDocument,
    embedder: Embedder,
    request: IndexRequest,
    given?: Promise<Chunk[]>,
    leaseLost?: AbortSignal,
  ): Promise<KnowledgeDocument> {
    const { projectId, id: documentId } = started;
    // Chunk rows are only ever written by a successful run, which bumps the version.
    const previous = started.version === 0 ? [] : await this.documents.listChunks(projectId, documentId);
    const written: ChunkId[] = [];
    let pending: Promise<void> = Promise.resolve();
    const stopped = new AbortController();
    try {
      const chunking = given ?? this.chunking(started, request.structure, previous, stopped.signal);
      chunking.catch(() => undefined); // awaited below, maybe after other work
      if (started.content.length > swapWhileChunkingMaxChars) await chunking;
      const { document, replaced } = await this.swap(
        started,
        chunking,
        embedder.model,
        request.allowModelChange,
        await this.vectorsForSwap(
          started,
          chunking,
          embedder,
          written,
          (stored) => (pending = stored),
          leaseLost,
        ),
      );
      const chunks = await chunking;
      await this.removeStale(projectId, documentId, replaced, chunks, request.sweepOrphans).catch(
        (error: unknown) =>
          // The chunk rows are swapped, so the stale vectors never answer; repair sweeps them.
          this.logger.warn('replaced vectors could not be removed after indexing', {
            projectId,
            documentId,
            error,
          }),
      );
      return document;
    } catch (error) {
      stopped.abort(error);
      // A vector write still under way would land after the clean-up and leave orphans.
      await pending.catch(() => undefined);
      const { unitOfWork, vectors, clock, logger } = this;
      const context = { unitOfWork, vectors, clock, logger };
      await recordFailure(context, { started, previous, written, embedderModel: embedder.model, error });
      if (error instanceof SupersededError) throw error;
      throw indexingFailed(error, documentId);
    }
  }

  /**
   * How the swap meets the vectors. With a store that writes in the unit of work's transaction
   * and an in-process embedder, they are embedded and written in the swap (0032), which rolls
   * them back with the rows on failure. Otherwise they are embedded and stored now: beside an
   * independent store the swap writes its rows while the last vectors are written and commits
   * only once they are stored (0020); beside a dependent one they are all stored first.
   * `pendingWrite` receives the last write while it is under way.
   */
  private async vectorsForSwap(
    started: KnowledgeDocument,
    chunking: Promise<Chunk[]>,
    embedder: Embedder,
    written: ChunkId[],
    pendingWrite: (stored: Promise<void>) => void,
    stop?: AbortSignal,
  ): Promise<SwapVectors | undefined> {
    const { vectors } = this;
    if (vectors.inTransaction && embedder.inProcess) {
      const writerIn = vectors.inTransaction.bind(vectors);
      return {
        write: (repositories, chunks, rowsWritten) =>
          this.embedInTransaction(writerIn(repositories), started, chunks, embedder, rowsWritten),
      };
    }
    const chunks = await chunking;
    const { stored } = await embedAndStore(
      started.projectId,
      started,
      chunks,
      embedder,
      vectors,
      this.options.embedBatchSize,
      written,
      stop,
    );
    pendingWrite(stored);
    if (vectors.writesIndependentOfUnitOfWork) return { stored };
    await stored;
    return undefined;
  }

  /**
   * Embeds `chunks` inside the swap transaction while its chunk rows and terms are written, and
   * writes their vectors in it once the rows are written. Embedding goes in slices with a turn of
   * the event loop before each, so the database (another thread or process) is handed its next
   * statement while this thread embeds. At most `maxEmbeddedAhead` vectors wait for the rows;
   * then each `embedBatchSize` is written while the next is embedded. Nothing is left in flight
   * when this throws.
   */
  private async embedInTransaction(
    writer: TransactionalVectorWriter,
    started: KnowledgeDocument,
    chunks: readonly Chunk[],
    embedder: Embedder,
    rowsWritten: Promise<void>,
  ): Promise<void> {
    let rowsDone = false;
    const rows = rowsWritten.then(() => {
      rowsDone = true;
    });
    rows.catch(() => undefined);
    let pending: EmbeddedChunk[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inFlight;
      const batch = pending;
      pending = [];
      inFlight = writer.upsert(started.projectId, batch);
      inFlight.catch(() => undefined);
    };
    const { embedBatchSize } = this.options;
    try {
      for (let offset = 0; offset < chunks.length; offset += embedSliceInTransaction) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const slice = chunks.slice(offset, offset + embedSliceInTransaction);
        const embeddings = await embedBatch(started, slice, embedder);
        for (const [index, chunk] of slice.entries()) pending.push({ chunk, embedding: embeddings[index]! });
        if (pending.length >= embedBatchSize && (rowsDone || pending.length >= maxEmbeddedAhead)) {
          await rows;
          await flush();
        }
      }
      await rows;
      if (pending.length > 0) await flush();
      await inFlight;
    } catch (error) {
      await Promise.allSettled([rows, inFlight]);
      throw error;
    }
  }

  /**
   * Deletes the replaced chunks' vectors, or with `sweep` every vector that is not a current chunk,
   * then forgets the swap's note of them.
   */
  private async removeStale(
    projectId: ProjectId,
    documentId: DocumentId,
    replaced: ChunkId[],
    chunks: Chunk[],
    sweep = false,
  ) {
    if (sweep) {
      const current = new Set(chunks.map((chunk) => chunk.id));
      const stored = await this.vectors.listChunkIds(projectId, documentId);
      await this.vectors.deleteChunks(
        projectId,
        stored.filter((id) => !current.has(id)),
      );
    } else await this.vectors.deleteChunks(projectId, replaced);
    if (replaced.length > 0) await this.documents.forgetVectorRemovals(projectId, replaced);
  }

  /**
   * Chunks the document a section at a time (see `chunkInTurns`), with the parser's `structure`
   * (else the structure stored with its `previous` chunks) when it is of the stored text.
   * Rejects on invalid options.
   */
  private async chunking(
    document: KnowledgeDocument,
    given: ParsedDocument | undefined,
    previous: readonly Chunk[],
    signal: AbortSignal,
  ): Promise<Chunk[]> {
    const structure = given ?? storedStructure(document, previous);
    const parsed = structure.text === document.content ? structure : storedStructure(document, []);
    const sections = chunkSections(parsed, this.tokenCounter, this.options.chunking);
    const identify = (chunk: TextChunk, position: number): Chunk => ({
      id: this.ids.newId(),
      projectId: document.projectId,
      documentId: document.id,
      position,
      ...chunk,
    });
    return chunkInTurns(sections, identify, signal);
  }

  /**
   * Swaps chunk rows and marks the document ready in one transaction, if nothing changed
   * meanwhile (the rows' write marks it ready, in the same statement where the adapter can). With
   * `vectors.stored`, the transaction waits for it after writing the rows and before it commits,
   * and rolls back if it fails: readers see the new rows only with their vectors. With
   * `vectors.write`, it is called once the rows are being written, with the transaction's
   * repositories, the chunks and the rows' write, and the transaction commits after it. The
   * transaction may begin while `chunking` still runs (a small document with
   * vectors written in it): it reads and checks the document and project meanwhile, and waits
   * for the chunks before it writes any.
   */
  private swap(
    started: KnowledgeDocument,
    chunking: Promise<Chunk[]>,
    model: string,
    allowModelChange = false,
    vectors?: SwapVectors,
  ) {
    const { projectId, id } = started;
    return this.unitOfWork.run(async (repositories) => {
      const current = await repositories.documents.findById(projectId, id);
      if (!current || current.version !== started.version || current.contentHash !== started.contentHash) {
        throw new SupersededError(id);
      }
      return this.swapIn(repositories, current, chunking, model, allowModelChange, vectors);
    });
  }

  /**
   * The swap's writes in `repositories`' transaction, on `current`, the document as it reads
   * there; `projectRead` is the project's read in it when already sent.
   */
  private async swapIn(
    repositories: TransactionalRepositories,
    current: KnowledgeDocument,
    chunking: Promise<Chunk[]>,
    model: string,
    allowModelChange = false,
    vectors?: SwapVectors,
    projectRead?: Promise<Project | null>,
  ): Promise<{ document: KnowledgeDocument; replaced: ChunkId[] }> {
    const { projectId, id } = current;
    const { documents, projects } = repositories;
    const project = await (projectRead ?? projects.findById(projectId));
    if (!project) throw notFound('project_not_found', 'Project');
    if (project.embeddingModel !== model) {
      if (project.embeddingModel !== null && !allowModelChange)
        throw embeddingModelMismatch(project.embeddingModel, model);
      await projects.update(projectId, { embeddingModel: model }, this.clock.now());
    }
    // A small document's chunks may still be being made: its transaction waits for them here.
    const chunks = await chunking;
    // Version 0 has never had chunk rows (only a successful run writes them, raising it).
    const firstIndexing = current.version === 0;
    const replaced = firstIndexing
      ? []
      : (await documents.listChunks(projectId, id)).map((chunk) => chunk.id);
    // Their vectors go once this commits; noted with it, so a process stopped in between leaves
    // them to the repair pass rather than in the vector store for good.
    if (replaced.length > 0) await documents.noteVectorRemovals(projectId, replaced, this.clock.now());
    // The rows' write also marks the document ready: the transaction commits all of it or none.
    const markReady = { embeddingModel: model, at: this.clock.now() };
    // Checked again under the row's lock: the check above does not lock, and another run of the
    // same document, or a replacement of its content, may have committed since.
    const expected = { version: current.version, contentHash: current.contentHash };
    const rowsWritten = documents.replaceChunks(projectId, id, chunks, {
      firstIndexing,
      markReady,
      expected,
    });
    if (vectors && 'write' in vectors) {
      rowsWritten.catch(() => undefined); // awaited by `write`, then here
      await vectors.write(
        repositories,
        chunks,
        rowsWritten.then(() => undefined),
      );
    }
    const document = await rowsWritten;
    if (vectors && 'stored' in vectors) await vectors.stored;
    if (!document) throw new SupersededError(id);
    return { document, replaced };
  }
}

/** A new document as a run stores it: `indexing`, created and updated `now`. */
function asNewRun(document: KnowledgeDocument, now: Date): KnowledgeDocument {
  return { ...document, status: 'indexing', failureReason: null, createdAt: now, updatedAt: now };
}
