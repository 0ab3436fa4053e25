import type { ProjectId } from '../../../shared/common.js';
import type { Project } from '../../../projects/project.js';
import type { DocumentParser } from '../../../ports/document-parser.port.js';
import type { TransactionalRepositories, UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { TransactionalVectorWriter, VectorStore } from '../../../ports/vector-store.port.js';
import type { EmbeddedChunk } from '../../document.js';
import { FakeEmbedder } from '../../../testing/fake-embedder.js';
import { createInMemoryPorts } from '../../../testing/in-memory-ports.js';
import { DeleteDocument } from '../../use-cases/delete-document/delete-document.use-case.js';
import { GetDocument } from '../../use-cases/get-document/get-document.use-case.js';
import { ListDocuments } from '../../use-cases/list-documents/list-documents.use-case.js';
import { ReindexDocument } from '../../use-cases/reindex-document/reindex-document.use-case.js';
import { RepairDocuments } from '../../use-cases/repair-documents/repair-documents.use-case.js';
import { ReplaceDocument } from '../../use-cases/replace-document/replace-document.use-case.js';
import { UploadDocumentFile } from '../../use-cases/upload-document-file/upload-document-file.use-case.js';
import { UploadDocument } from '../../use-cases/upload-document/upload-document.use-case.js';
import { type IndexingOptions, DocumentIndexer } from '../document-indexer.js';
import { DocumentIntake } from '../document-intake.js';
import { BackgroundIndexing } from '../background-indexing.js';

/**
 * A vector store that can fail on the n-th upsert only, hold upserts until a gate opens, call a
 * probe after every write, and say either thing of its writes' independence.
 */
export class FlakyVectorStore {
  upserts = 0;
  failOnUpsert: number | null = null;
  afterWrite: (() => Promise<void>) | null = null;
  /** Awaited by each upsert before it writes. */
  gate: Promise<void> | null = null;
  /** Overrides what the wrapped store says (null: as it says). */
  independent: boolean | null = null;
  /**
   * Offers writes inside the unit of work's transactions (`inTransaction`), as pgvector does:
   * what a transaction wrote is removed again when it rolls back (its chunk ids are new ones).
   */
  transactional = false;
  /** Upserts made through `upsert` itself, outside any transaction. */
  directUpserts = 0;
  /** Upserts made inside a transaction, with the repositories they were bound to. */
  readonly transactionalUpserts: object[] = [];
  private readonly writtenIn = new WeakMap<object, { projectId: ProjectId; ids: string[] }[]>();

  /** `unitOfWork`, whose rolled-back transactions also take back their vector writes. */
  wrapUnitOfWork(unitOfWork: UnitOfWork, inner: VectorStore): UnitOfWork {
    return {
      run: (work) => {
        let bound: object | null = null;
        return unitOfWork
          .run((repositories) => {
            bound = repositories;
            return work(repositories);
          })
          .catch(async (error: unknown) => {
            for (const { projectId, ids } of (bound && this.writtenIn.get(bound)) ?? [])
              await inner.deleteChunks(projectId, ids);
            throw error;
          });
      },
    };
  }

  wrap(inner: VectorStore): VectorStore {
    const flaky = this;
    const upsert = async (projectId: ProjectId, chunks: readonly EmbeddedChunk[]) => {
      const count = ++this.upserts;
      await this.gate;
      if (count === this.failOnUpsert) {
        await inner.upsert(projectId, chunks.slice(0, 1));
        throw new Error('connection reset by peer at 10.0.0.7:8000');
      }
      await inner.upsert(projectId, chunks);
      await this.afterWrite?.();
    };
    const inTransaction = (repositories: TransactionalRepositories): TransactionalVectorWriter => ({
      upsert: async (projectId, chunks) => {
        this.transactionalUpserts.push(repositories);
        const written = this.writtenIn.get(repositories) ?? [];
        this.writtenIn.set(repositories, written);
        written.push({ projectId, ids: chunks.map(({ chunk }) => chunk.id) });
        await upsert(projectId, chunks);
      },
    });
    return {
      get writesIndependentOfUnitOfWork() {
        return flaky.independent ?? inner.writesIndependentOfUnitOfWork;
      },
      get inTransaction() {
        return flaky.transactional ? inTransaction : undefined;
      },
      query: (projectId, query) => inner.query(projectId, query),
      listChunkIds: (projectId, documentId) => inner.listChunkIds(projectId, documentId),
      ping: () => inner.ping(),
      dropProject: (projectId) => inner.dropProject(projectId),
      upsert: async (projectId, chunks) => {
        this.directUpserts += 1;
        await upsert(projectId, chunks);
      },
      deleteChunks: async (projectId, ids) => {
        await inner.deleteChunks(projectId, ids);
        await this.afterWrite?.();
      },
      deleteByDocument: async (projectId, documentId) => {
        await inner.deleteByDocument(projectId, documentId);
        await this.afterWrite?.();
      },
    };
  }
}

export function makeProject(id: ProjectId, embeddingModel: string | null = null): Project {
  const at = new Date('2026-01-01T00:00:00.000Z');
  return {
    id,
    ownerId: '00000000-0000-4000-8000-0000000000aa',
    name: 'Acme',
    modelProvider: 'local',
    modelConfig: {},
    systemPrompt: null,
    assistant: { leadCapture: false },
    allowedOrigins: [],
    tokenLimit: null,
    tokenLimitPeriod: 'month',
    periodStart: null,
    periodTokensUsed: 0,
    tokensUsed: 0,
    tokensReserved: 0,
    embeddingModel,
    metadata: {},
    createdAt: at,
    updatedAt: at,
  };
}

export const projectA = '00000000-0000-4000-8000-00000000a001';
export const projectB = '00000000-0000-4000-8000-00000000b001';

/** In-memory ports, two projects, the indexer and every document use case wired together. */
export async function createIndexingWorld(options: Partial<IndexingOptions> & { parser?: DocumentParser } = {}) {
  const ports = createInMemoryPorts();
  const flaky = new FlakyVectorStore();
  const vectors = flaky.wrap(ports.vectorStore);
  const unitOfWork = flaky.wrapUnitOfWork(ports.unitOfWork, ports.vectorStore);
  await ports.projects.create(makeProject(projectA));
  await ports.projects.create(makeProject(projectB));
  const indexer = new DocumentIndexer(
    unitOfWork,
    ports.documents,
    ports.projects,
    vectors,
    ports.models,
    ports.tokenCounter,
    ports.ids,
    ports.clock,
    ports.logger,
    {
      embedBatchSize: 4,
      chunking: { maxTokens: 30, overlapTokens: 6 },
      lease: { leaseMs: 60_000, renewEveryMs: 20_000 },
      ...options,
    },
  );
  // Indexing answered before it is done runs one at a time, with two waiting at most.
  const background = new BackgroundIndexing(ports.logger, { concurrency: 1, backlog: 2 });
  const intake = new DocumentIntake(
    ports.documents,
    indexer,
    ports.ids,
    ports.clock,
    ports.contentHasher,
    background,
  );
  const embedder = ports.models.embedding;

  /** What a reader gets: vector hits joined with the current chunk rows (as retrieval does). */
  const retrieve = async (projectId: ProjectId): Promise<string[]> => {
    // A separate instance so probes do not show up in (or recurse through) the indexer's embedder.
    const [query] = await new FakeEmbedder().embed(['refund policy days'], { purpose: 'query' });
    const hits = await ports.vectorStore.query(projectId, { embedding: query!, topK: 10_000 });
    const rows = await ports.documents.findPassages(
      projectId,
      hits.map((hit) => hit.chunk.id),
    );
    return rows.map((row) => row.chunk.text).sort();
  };

  return {
    ports,
    flaky,
    vectors,
    embedder,
    indexer,
    intake,
    background,
    retrieve,
    upload: new UploadDocument(intake, { maxContentBytes: 20_000 }),
    uploadFile: new UploadDocumentFile(options.parser ?? ports.parser, intake, { maxFileBytes: 30_000 }),
    replace: new ReplaceDocument(
      ports.documents,
      indexer,
      ports.clock,
      ports.contentHasher,
      { maxContentBytes: 20_000 },
      background,
    ),
    reindex: new ReindexDocument(indexer, background),
    remove: new DeleteDocument(ports.documents, vectors),
    get: new GetDocument(ports.documents),
    list: new ListDocuments(ports.documents),
    repair: new RepairDocuments(ports.documents, indexer, unitOfWork, vectors, ports.clock, ports.logger, {
      leaseMs: 60_000,
    }),
  };
}

export type IndexingWorld = Awaited<ReturnType<typeof createIndexingWorld>>;

/** A Markdown policy long enough for several chunks at the world's 30-token budget. */
export function policy(variant = 'A'): string {
  const sentences = (topic: string) =>
    Array.from({ length: 6 }, (_, index) => `${topic} rule ${index} of variant ${variant} applies within 30 days.`).join(' ');
  return `# Policy ${variant}\n\n## Refunds\n\n${sentences('Refund')}\n\n## Shipping\n\n${sentences('Shipping')}`;
}

/**
 * Uploads the policy into project A and records the last good index: the document, what a reader
 * gets and the document's vectors.
 */
export async function lastGoodIndex(world: IndexingWorld) {
  const original = await world.upload.execute(projectA, { content: policy() });
  const answering = await world.retrieve(projectA);
  const vectorIds = await world.ports.vectorStore.listChunkIds(projectA, original.id);
  return { original, answering, vectorIds };
}
