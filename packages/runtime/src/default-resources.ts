import {
  CryptoIdGenerator,
  CryptoSecureRandom,
  HmacSecretHasher,
  NodeContentHasher,
  SystemClock,
  Argon2PasswordHasher,
  PasetoTokenIssuer,
  CsvStringifyEncoder,
  NodeWebhookSender,
} from '@chatbuddy/adapters-node';
import { FileDocumentParser } from '@chatbuddy/adapters-parsers';
import { createEmbeddingWorkerPool, TiktokenCounter } from '@chatbuddy/adapters-llm';
import { selectRateLimiter } from './rate-limit-selection.js';
import type { ChatBuddyConfig } from './config.js';
import { selectModels } from './model-selection.js';
import { openPersistence, selectVectorStore } from './storage-selection.js';
import { type Logger, PinoLogger } from './logger.js';
import { selectMailer } from './mail-selection.js';
import type { Resources } from './resources.js';

export interface BuiltResources {
  resources: Resources;
  /** Closers in order of opening; run in reverse on stop. */
  closers: Array<() => Promise<void>>;
}

/** Opens the adapters the configuration selects, except those given in `provided`. */
export async function buildDefaultResources(
  config: ChatBuddyConfig,
  logger: Logger,
  provided: Partial<Resources>,
): Promise<BuiltResources> {
  const closers: Array<() => Promise<void>> = [];
  const clock = provided.clock ?? new SystemClock();
  const probes = [...(provided.probes ?? [])];
  let persistence = provided.persistence;
  let pgVectors = provided.persistence?.vectorStore ?? null;
  if (!persistence) {
    const opened = await openPersistence(config, logger);
    persistence = opened.persistence;
    pgVectors = opened.pgVectors;
    closers.push(() => opened.persistence.close());
  }
  try {
    let vectorStore = provided.vectorStore;
    if (!vectorStore) {
      const selected = selectVectorStore(
        config,
        pgVectors,
        persistence.chunkRows?.bind(persistence),
        persistence.outboxFor?.bind(persistence),
      );
      vectorStore = selected.store;
      if (selected.probe) probes.push(selected.probe);
    }
    const tokenCounter = provided.tokenCounter ?? new TiktokenCounter();
    let rateLimiter = provided.rateLimiter;
    if (!rateLimiter) {
      const selected = await selectRateLimiter(config, clock, logger);
      rateLimiter = selected.limiter;
      if (selected.probe) probes.push(selected.probe);
      if (selected.close) closers.push(selected.close);
    }
    const workers = config.embeddingWorkers ?? 0;
    const embeddingPool = !provided.models && workers > 0 ? createEmbeddingWorkerPool({ workers }) : null;
    if (embeddingPool) closers.push(() => embeddingPool.close());
    const resources: Resources = {
      persistence,
      vectorStore,
      models: provided.models ?? selectModels(config, logger, tokenCounter, embeddingPool),
      tokenCounter,
      parser: provided.parser ?? new FileDocumentParser({}, { maxTextBytes: config.maxTextBytes }),
      mailer: provided.mailer ?? selectMailer(config, logger),
      passwordHasher: provided.passwordHasher ?? new Argon2PasswordHasher(),
      tokenIssuer:
        provided.tokenIssuer ??
        new PasetoTokenIssuer(config.accessSecret ?? config.authSecret, config.accessTokenTtlSeconds, clock),
      rateLimiter,
      clock,
      ids: provided.ids ?? new CryptoIdGenerator(),
      random: provided.random ?? new CryptoSecureRandom(),
      secretHasher: provided.secretHasher ?? new HmacSecretHasher(config.authSecret),
      refreshTokenHasher:
        provided.refreshTokenHasher ?? new HmacSecretHasher(config.refreshSecret ?? config.authSecret),
      contentHasher: provided.contentHasher ?? new NodeContentHasher(),
      webhookSender:
        provided.webhookSender ??
        new NodeWebhookSender({ allowPrivateNetworks: config.webhookAllowPrivateNetworks }),
      csv: provided.csv ?? new CsvStringifyEncoder(),
      logger: provided.logger ?? new PinoLogger(logger),
      probes,
    };
    return { resources, closers };
  } catch (error) {
    for (const close of [...closers].reverse()) await close().catch(() => undefined);
    throw error;
  }
}
