import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.js';
import {
  chatModelContract,
  clockContract,
  rateLimiterContract,
  contentHasherContract,
  curatedAnswerRepositoryContract,
  embedderContract,
  mailerContract,
  repositoryContracts,
  userRepositoryContract,
  vectorStoreContract,
} from './contracts/index.js';
import { InMemoryCuratedAnswerRepository } from './in-memory-curated-answer-repository.js';
import { FakeContentHasher } from './fake-content-hasher.js';
import { FakeChatModel } from './fake-chat-model.js';
import { FakeEmbedder } from './fake-embedder.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryIdempotencyRepository } from './in-memory-idempotency-repository.js';
import { InMemoryLexicalIndex } from './in-memory-lexical-index.js';
import { InMemoryUnitOfWork, inMemoryRepositories } from './in-memory-unit-of-work.js';
import { InMemoryVectorStore } from './in-memory-vector-store.js';
import { RecordingMailer } from './recording-mailer.js';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.js';

clockContract('FixedClock', () => new FixedClock());
rateLimiterContract('InMemoryRateLimiter', () => {
  const clock = new FixedClock();
  return {
    limiter: new InMemoryRateLimiter(clock),
    advance: async (milliseconds) => clock.advance(milliseconds),
  };
});
contentHasherContract('FakeContentHasher', { makeSubject: () => new FakeContentHasher() });
vectorStoreContract('InMemoryVectorStore', {
  makeSubject: () => new InMemoryVectorStore(),
  unitOfWork: () => new InMemoryUnitOfWork(new InMemoryDatabase()),
});
vectorStoreContract('InMemoryVectorStore in the unit of work database', {
  makeSubject: () => new InMemoryVectorStore({ writesIndependentOfUnitOfWork: false }),
});
embedderContract('FakeEmbedder', () => new FakeEmbedder());
chatModelContract('FakeChatModel', () => new FakeChatModel());
userRepositoryContract('InMemoryUserRepository', () => new InMemoryUserRepository(new InMemoryDatabase()));

repositoryContracts('in-memory', () => {
  const db = new InMemoryDatabase();
  return {
    repositories: inMemoryRepositories(db),
    unitOfWork: new InMemoryUnitOfWork(db),
    idempotency: new InMemoryIdempotencyRepository(),
    lexicalIndex: new InMemoryLexicalIndex(db),
  };
});

const mailer = new RecordingMailer();
mailerContract('RecordingMailer', {
  makeSubject: () => {
    mailer.failWith = null;
    return mailer;
  },
  delivered: async () => mailer.sent,
  breakProvider: () => {
    mailer.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
  },
});

describe('FixedClock', () => {
  it('moves only when advanced', () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
  });
});

curatedAnswerRepositoryContract('InMemoryCuratedAnswerRepository', () => {
  const db = new InMemoryDatabase();
  return { answers: new InMemoryCuratedAnswerRepository(db), repositories: inMemoryRepositories(db) };
});
