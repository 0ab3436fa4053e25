import {
  AnalyticsReader,
  FeedbackRepository,
  ApiKeyRepository,
  Clock,
  ContentHasher,
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
  ProjectRepository,
  RateLimiter,
  ReadinessProbe,
  RefreshTokenRepository,
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
import type { ContainerModuleLoadOptions } from 'inversify';
import type { Resources } from '../resources.js';
import type { PortTypes } from './tokens.js';

/** Binds every port of core to the adapter chosen for this instance. */
export function bindPorts({ bind }: ContainerModuleLoadOptions, resources: Resources): void {
  const { persistence } = resources;
  const ports: PortTypes = {
    [UserRepository]: persistence.users,
    [OtpRepository]: persistence.otps,
    [RefreshTokenRepository]: persistence.refreshTokens,
    [ProjectRepository]: persistence.projects,
    [ApiKeyRepository]: persistence.apiKeys,
    [DocumentRepository]: persistence.documents,
    [ConversationRepository]: persistence.conversations,
    [UsageRepository]: persistence.usage,
    [IdempotencyRepository]: persistence.idempotency,
    [CuratedAnswerRepository]: persistence.curatedAnswers,
    [LeadRepository]: persistence.leads,
    [FeedbackRepository]: persistence.feedback,
    [AnalyticsReader]: persistence.analytics,
    [UnitOfWork]: persistence.unitOfWork,
    [LexicalIndex]: persistence.lexicalIndex,
    [VectorStore]: resources.vectorStore,
    [ModelGateway]: resources.models,
    [TokenCounter]: resources.tokenCounter,
    [DocumentParser]: resources.parser,
    [Mailer]: resources.mailer,
    [RateLimiter]: resources.rateLimiter,
    [Clock]: resources.clock,
    [IdGenerator]: resources.ids,
    [SecureRandom]: resources.random,
    [SecretHasher]: resources.secretHasher,
    [ContentHasher]: resources.contentHasher,
    [PasswordHasher]: resources.passwordHasher,
    [TokenIssuer]: resources.tokenIssuer,
    [Logger]: resources.logger,
    [LeadDirectory]: persistence.leadDirectory,
    [WebhookDeliveryRepository]: persistence.webhookDeliveries,
    [WebhookSender]: resources.webhookSender,
    [CsvEncoder]: resources.csv,
  };
  for (const token of Object.getOwnPropertySymbols(ports) as (keyof PortTypes)[]) {
    bind(token).toConstantValue(ports[token]);
  }
  for (const probe of [persistence.probe, ...resources.probes]) bind(ReadinessProbe).toConstantValue(probe);
}
