import {
  ApiKeyRepository,
  Clock,
  ConversationRepository,
  DocumentParser,
  DocumentRepository,
  IdempotencyRepository,
  IdGenerator,
  LexicalIndex,
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
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { Resources } from '../resources.js';

/** Binds every port of core to the adapter chosen for this instance. */
export function bindPorts({ bind }: ContainerModuleLoadOptions, resources: Resources): void {
  const { persistence } = resources;
  bind(UserRepository).toConstantValue(persistence.users);
  bind(OtpRepository).toConstantValue(persistence.otps);
  bind(RefreshTokenRepository).toConstantValue(persistence.refreshTokens);
  bind(ProjectRepository).toConstantValue(persistence.projects);
  bind(ApiKeyRepository).toConstantValue(persistence.apiKeys);
  bind(DocumentRepository).toConstantValue(persistence.documents);
  bind(ConversationRepository).toConstantValue(persistence.conversations);
  bind(UsageRepository).toConstantValue(persistence.usage);
  bind(IdempotencyRepository).toConstantValue(persistence.idempotency);
  bind(UnitOfWork).toConstantValue(persistence.unitOfWork);
  bind(LexicalIndex).toConstantValue(persistence.lexicalIndex);
  bind(VectorStore).toConstantValue(resources.vectorStore);
  bind(ModelGateway).toConstantValue(resources.models);
  bind(TokenCounter).toConstantValue(resources.tokenCounter);
  bind(DocumentParser).toConstantValue(resources.parser);
  bind(Mailer).toConstantValue(resources.mailer);
  bind(RateLimiter).toConstantValue(resources.rateLimiter);
  bind(Clock).toConstantValue(resources.clock);
  bind(IdGenerator).toConstantValue(resources.ids);
  bind(SecureRandom).toConstantValue(resources.random);
  bind(SecretHasher).toConstantValue(resources.secretHasher);
  bind(PasswordHasher).toConstantValue(resources.passwordHasher);
  bind(TokenIssuer).toConstantValue(resources.tokenIssuer);
  for (const probe of [persistence.probe, ...resources.probes]) bind(ReadinessProbe).toConstantValue(probe);
}
