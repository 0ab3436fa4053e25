import type {
  AnalyticsReader,
  AuditLog,
  Chunk,
  ChunkId,
  FeedbackRepository,
  ApiKeyRepository,
  Clock,
  ConversationRepository,
  CuratedAnswerRepository,
  DocumentParser,
  DocumentRepository,
  IdempotencyRepository,
  IdGenerator,
  LeadRepository,
  LexicalIndex,
  Logger,
  Mailer,
  ModelGateway,
  OtpRepository,
  PasswordHasher,
  ProjectId,
  ProjectRepository,
  RateLimiter,
  ReadinessProbe,
  RefreshTokenRepository,
  SecretHasher,
  ContentHasher,
  SecureRandom,
  TokenCounter,
  TokenIssuer,
  UnitOfWork,
  UsageRepository,
  UserRepository,
  VectorStore,
  CsvEncoder,
  LeadDirectory,
  WebhookDeliveryRepository,
  WebhookSender,
} from '@chatbuddy/core';

/** Everything stored in the database, opened and closed together. */
export interface Persistence {
  users: UserRepository;
  otps: OtpRepository;
  refreshTokens: RefreshTokenRepository;
  projects: ProjectRepository;
  apiKeys: ApiKeyRepository;
  documents: DocumentRepository;
  conversations: ConversationRepository;
  usage: UsageRepository;
  audit: AuditLog;
  idempotency: IdempotencyRepository;
  curatedAnswers: CuratedAnswerRepository;
  leads: LeadRepository;
  leadDirectory: LeadDirectory;
  webhookDeliveries: WebhookDeliveryRepository;
  feedback: FeedbackRepository;
  analytics: AnalyticsReader;
  unitOfWork: UnitOfWork;
  lexicalIndex: LexicalIndex;
  /** pgvector store when the database has the extension; null otherwise. */
  vectorStore: VectorStore | null;
  /**
   * Chunks by id from the chunk rows, for a vector store that keeps no copy of them (Chroma);
   * absent, such a store keeps each chunk's text beside its vector.
   */
  chunkRows?(projectId: ProjectId, ids: readonly ChunkId[]): Promise<ReadonlyMap<ChunkId, Chunk>>;
  probe: ReadinessProbe;
  /**
   * A vector store outside the database (one that keeps vectors only and reads chunks from
   * `chunkRows`) behind an outbox in the database, written with the chunk rows and sent on in
   * the background; absent where the database offers none (the embedded one).
   */
  outboxFor?(store: VectorStore): VectorStore;
  /** Vectors in the outbox not yet sent (all instances); 0 without an outbox. */
  vectorsToSend?(): Promise<number>;
  /** Refreshes planner statistics and reclaims space (PGlite has no autovacuum); optional. */
  maintain?(): Promise<void>;
  /** A consistent archive of the embedded database; absent in server mode. */
  backup?(): Promise<Uint8Array>;
  /** Compacts the heap of the embedded database's own thread, when it has one. */
  compactHeap?(): Promise<boolean>;
  /** Loads projects' search data into memory ahead of their first search; optional. */
  warmSearch?(): Promise<{ projects: number; chunks: number }>;
  /** Chunks held in the in-process search mirror now; optional (no mirror: 0). */
  mirroredChunks?(): number;
  close(): Promise<void>;
}

/** The adapters behind every port of an instance. */
export interface Resources {
  persistence: Persistence;
  vectorStore: VectorStore;
  models: ModelGateway;
  tokenCounter: TokenCounter;
  parser: DocumentParser;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  clock: Clock;
  ids: IdGenerator;
  random: SecureRandom;
  secretHasher: SecretHasher;
  /** Hashes refresh tokens under `REFRESH_SECRET` (falls back to `AUTH_SECRET` outside production). */
  refreshTokenHasher: SecretHasher;
  contentHasher: ContentHasher;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
  webhookSender: WebhookSender;
  csv: CsvEncoder;
  /** Where core reports failures it recovers from (core's port, not the pino logger). */
  logger: Logger;
  /** Extra readiness checks besides the database (vector store server, …). */
  probes: ReadinessProbe[];
}
