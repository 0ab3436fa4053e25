import type { TransactionalRepositories } from '../ports/unit-of-work.port.js';
import { FakePasswordHasher } from './fake-password-hasher.js';
import { FakeSecretHasher } from './fake-secret-hasher.js';
import { SeededRandom } from './seeded-random.js';
import { SequentialIdGenerator } from './sequential-id-generator.js';
import { InMemoryCuratedAnswerRepository } from './in-memory-curated-answer-repository.js';
import { FakeContentHasher } from './fake-content-hasher.js';
import { FakeDocumentParser } from './fake-document-parser.js';
import { FakeModelGateway } from './fake-model-gateway.js';
import { FakeTokenCounter } from './fake-token-counter.js';
import { FakeTokenIssuer } from './fake-token-issuer.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryIdempotencyRepository } from './in-memory-idempotency-repository.js';
import { InMemoryLeadDirectory } from './in-memory-lead-directory.js';
import { InMemoryWebhookDeliveryRepository } from './in-memory-webhook-delivery-repository.js';
import { InMemoryLexicalIndex } from './in-memory-lexical-index.js';
import { InMemoryLeadRepository } from './in-memory-lead-repository.js';
import { InMemoryAnalyticsReader } from './in-memory-analytics-reader.js';
import { InMemoryFeedbackRepository } from './in-memory-feedback-repository.js';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.js';
import { InMemoryUnitOfWork, inMemoryRepositories } from './in-memory-unit-of-work.js';
import { InMemoryVectorStore } from './in-memory-vector-store.js';
import { RecordingLogger } from './recording-logger.js';
import { RecordingMailer } from './recording-mailer.js';
import { QuotingCsvEncoder } from './quoting-csv-encoder.js';
import { RecordingWebhookSender } from './recording-webhook-sender.js';

/** Every port of core as an in-memory fake, wired to one shared in-memory database. */
export function createInMemoryPorts() {
  const db = new InMemoryDatabase();
  const clock = new FixedClock();
  const repositories: TransactionalRepositories = inMemoryRepositories(db);
  const feedback = new InMemoryFeedbackRepository(db);
  return {
    feedback,
    analytics: new InMemoryAnalyticsReader(db, feedback),
    db,
    clock,
    ...repositories,
    unitOfWork: new InMemoryUnitOfWork(db),
    idempotency: new InMemoryIdempotencyRepository(clock),
    curatedAnswers: new InMemoryCuratedAnswerRepository(db),
    leads: new InMemoryLeadRepository(db),
    lexicalIndex: new InMemoryLexicalIndex(db),
    vectorStore: new InMemoryVectorStore(),
    models: new FakeModelGateway(),
    tokenCounter: new FakeTokenCounter(),
    parser: new FakeDocumentParser(),
    mailer: new RecordingMailer(),
    logger: new RecordingLogger(),
    rateLimiter: new InMemoryRateLimiter(clock),
    ids: new SequentialIdGenerator(),
    random: new SeededRandom(),
    secretHasher: new FakeSecretHasher(),
    contentHasher: new FakeContentHasher(),
    passwordHasher: new FakePasswordHasher(),
    tokenIssuer: new FakeTokenIssuer(clock),
    leadDirectory: new InMemoryLeadDirectory(db),
    webhookDeliveries: new InMemoryWebhookDeliveryRepository(db),
    webhookSender: new RecordingWebhookSender(),
    csv: new QuotingCsvEncoder(),
  };
}

export type InMemoryPorts = ReturnType<typeof createInMemoryPorts>;
