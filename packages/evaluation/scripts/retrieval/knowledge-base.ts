import {
  DocumentIndexer,
  DocumentIntake,
  type DocumentRepository,
  type Embedder,
  type LexicalIndex,
  type ModelGateway,
  silentLogger,
  type TokenCounter,
  type TransactionalRepositories,
  type UnitOfWork,
  UploadDocument,
  type VectorStore,
} from '@chatbuddy/core';
import {
  createInMemoryPorts,
  FakeContentHasher,
  FixedClock,
  SequentialIdGenerator,
} from '@chatbuddy/core/testing';
import { ExactVectorStore } from './exact-vector-store.js';

/** The storage ports a retrieval evaluation runs on. */
export interface KnowledgePorts {
  repositories: TransactionalRepositories;
  unitOfWork: UnitOfWork;
  documents: DocumentRepository;
  lexicalIndex: LexicalIndex;
  vectorStore: VectorStore;
  close?: () => Promise<void>;
}

export interface SourceDocument {
  id: string;
  title: string;
  /** Markdown text, uploaded as `POST /upload-doc` would. */
  content: string;
}

/** In-memory fakes: core's BM25 fake and an exact cosine store. */
export function inMemoryKnowledge(): KnowledgePorts {
  const ports = createInMemoryPorts();
  return {
    repositories: ports,
    unitOfWork: ports.unitOfWork,
    documents: ports.documents,
    lexicalIndex: ports.lexicalIndex,
    vectorStore: new ExactVectorStore(),
  };
}

/**
 * The embedded production store: PGlite in memory with its BM25 index and pgvector. Imported by
 * path because this is a development script: the adapter packages never depend on each other.
 */
export async function pgliteKnowledge(): Promise<KnowledgePorts> {
  const postgres = await import('@chatbuddy/adapters-postgres');
  const persistence = await postgres.createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
  if (!persistence.vectorStore) throw new Error('PGlite came without pgvector');
  return {
    repositories: persistence.repositories,
    unitOfWork: persistence.unitOfWork,
    documents: persistence.repositories.documents,
    lexicalIndex: persistence.lexicalIndex,
    vectorStore: persistence.vectorStore,
    close: () => persistence.close(),
  };
}

function gateway(embedder: Embedder): ModelGateway {
  return {
    chatModel: () => {
      throw new Error('not used');
    },
    embedder: () => embedder,
    health: async () => [],
  };
}

/**
 * Creates a project and uploads every source through core's real upload use case (chunker,
 * indexer, embedder, vector store, lexical index). Returns document id → source id.
 */
export async function ingest(
  ports: KnowledgePorts,
  projectId: string,
  sources: readonly SourceDocument[],
  embedder: Embedder,
  tokenCounter: TokenCounter,
): Promise<Map<string, string>> {
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const ownerId = ids.newId();
  const now = clock.now();
  await ports.repositories.users.create({
    id: ownerId,
    email: `owner-${projectId}@example.com`,
    name: 'Evaluation',
    passwordHash: 'x',
    role: 'user',
    status: 'active',
    emailVerifiedAt: now,
    tokensValidAfter: now,
    createdAt: now,
    updatedAt: now,
  });
  await ports.repositories.projects.create({
    id: projectId,
    ownerId,
    name: 'Evaluation',
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
    embeddingModel: null,
    metadata: {},
    createdAt: now,
    updatedAt: now,
  });
  const indexer = new DocumentIndexer(
    ports.unitOfWork,
    ports.documents,
    ports.repositories.projects,
    ports.vectorStore,
    gateway(embedder),
    tokenCounter,
    ids,
    clock,
    silentLogger,
  );
  const upload = new UploadDocument(
    new DocumentIntake(ports.documents, indexer, ids, clock, new FakeContentHasher()),
  );
  const sourceIds = new Map<string, string>();
  for (const source of sources) {
    const document = await upload.execute(projectId, { content: source.content, title: source.title });
    sourceIds.set(document.id, source.id);
    if (sourceIds.size % 500 === 0) console.error(`ingested ${sourceIds.size} of ${sources.length}`);
  }
  return sourceIds;
}
