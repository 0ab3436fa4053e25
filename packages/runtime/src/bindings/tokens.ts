import {
  AnalyticsReader,
  AuditLog,
  FeedbackRepository,
  ApiKeyRepository,
  AuthSettings,
  Clock,
  ContentHasher,
  ConversationRepository,
  CuratedAnswerRepository,
  DocumentParser,
  DocumentRepository,
  type FileLimits,
  IdempotencyRepository,
  type IndexingOptions,
  type BackgroundIndexingOptions,
  IdGenerator,
  LeadRepository,
  LexicalIndex,
  Logger,
  LeadFlowSettings,
  type MailBranding,
  Mailer,
  ModelGateway,
  OtpRepository,
  PasswordHasher,
  ProjectRepository,
  RateLimiter,
  ReadinessProbe,
  RefreshTokenHasher,
  RefreshTokenRepository,
  type RepairOptions,
  SecretHasher,
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

/** Branding of account emails, with the instance's own URL. */
export const AccountBranding = Symbol.for('chatbuddy.runtime.AccountBranding');
/** Size limits of uploaded files and document text, from the configuration. */
export const UploadLimits = Symbol.for('chatbuddy.runtime.UploadLimits');

/** The indexing lease and batch settings of the indexer, from the configuration. */
export const IndexingSettings = Symbol.for('chatbuddy.runtime.IndexingSettings');
/** The lease the repair pass assumes (as the indexer holds it), from the configuration. */
export const RepairSettings = Symbol.for('chatbuddy.runtime.RepairSettings');
/** How many uploads answered before they are indexed run and wait at once, from the configuration. */
export const BackgroundIndexingSettings = Symbol.for('chatbuddy.runtime.BackgroundIndexingSettings');

/**
 * The type bound to each port symbol of core. The symbol and the interface share a name, so
 * `[Clock]: Clock` reads "the token `Clock` gives a `Clock`". `bindPorts` must give a value for
 * every entry, and `bindClass` checks a use case's token list against this map.
 */
export interface PortTypes {
  [UserRepository]: UserRepository;
  [OtpRepository]: OtpRepository;
  [RefreshTokenRepository]: RefreshTokenRepository;
  [ProjectRepository]: ProjectRepository;
  [ApiKeyRepository]: ApiKeyRepository;
  [DocumentRepository]: DocumentRepository;
  [ConversationRepository]: ConversationRepository;
  [UsageRepository]: UsageRepository;
  [AuditLog]: AuditLog;
  [IdempotencyRepository]: IdempotencyRepository;
  [CuratedAnswerRepository]: CuratedAnswerRepository;
  [LeadRepository]: LeadRepository;
  [FeedbackRepository]: FeedbackRepository;
  [AnalyticsReader]: AnalyticsReader;
  [UnitOfWork]: UnitOfWork;
  [LexicalIndex]: LexicalIndex;
  [VectorStore]: VectorStore;
  [ModelGateway]: ModelGateway;
  [TokenCounter]: TokenCounter;
  [DocumentParser]: DocumentParser;
  [Mailer]: Mailer;
  [RateLimiter]: RateLimiter;
  [Clock]: Clock;
  [IdGenerator]: IdGenerator;
  [SecureRandom]: SecureRandom;
  [SecretHasher]: SecretHasher;
  [RefreshTokenHasher]: SecretHasher;
  [ContentHasher]: ContentHasher;
  [PasswordHasher]: PasswordHasher;
  [TokenIssuer]: TokenIssuer;
  [Logger]: Logger;
  [LeadDirectory]: LeadDirectory;
  [WebhookDeliveryRepository]: WebhookDeliveryRepository;
  [WebhookSender]: WebhookSender;
  [CsvEncoder]: CsvEncoder;
}

/** Symbol tokens and their types: the ports, settings, and values made from the configuration. */
export interface TokenTypes extends PortTypes {
  /** Bound many times, once per dependency to check; inject it with `allOf(ReadinessProbe)`. */
  [ReadinessProbe]: ReadinessProbe;
  [AuthSettings]: AuthSettings;
  [AccountBranding]: MailBranding;
  [UploadLimits]: Partial<FileLimits>;
  [IndexingSettings]: Partial<IndexingOptions>;
  [RepairSettings]: Partial<RepairOptions>;
  [BackgroundIndexingSettings]: Partial<BackgroundIndexingOptions>;
  [LeadFlowSettings]: LeadFlowSettings;
}
