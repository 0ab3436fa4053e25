import {
  CryptoIdGenerator,
  CryptoSecureRandom,
  HmacSecretHasher,
  MemoryRateLimiter,
  SystemClock,
  Argon2PasswordHasher,
  PasetoTokenIssuer,
} from '@chatbuddy/adapters-node';
import type { ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';
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
  const missing = (['persistence', 'vectorStore', 'models', 'tokenCounter', 'parser'] as const).filter(
    (name) => provided[name] === undefined,
  );
  if (missing.length > 0) {
    logger.error({ missing }, 'adapters missing');
    throw new Error(`No adapter configured for: ${missing.join(', ')}`);
  }
  const resources: Resources = {
    persistence: provided.persistence!,
    vectorStore: provided.vectorStore!,
    models: provided.models!,
    tokenCounter: provided.tokenCounter!,
    parser: provided.parser!,
    mailer: provided.mailer ?? selectMailer(config, logger),
    passwordHasher: provided.passwordHasher ?? new Argon2PasswordHasher(),
    tokenIssuer:
      provided.tokenIssuer ??
      new PasetoTokenIssuer(config.accessSecret ?? config.authSecret, config.accessTokenTtlSeconds, clock),
    rateLimiter: provided.rateLimiter ?? new MemoryRateLimiter(clock),
    clock,
    ids: provided.ids ?? new CryptoIdGenerator(),
    random: provided.random ?? new CryptoSecureRandom(),
    secretHasher: provided.secretHasher ?? new HmacSecretHasher(config.authSecret),
    probes: provided.probes ?? [],
  };
  if (!provided.persistence) closers.push(() => resources.persistence.close());
  return { resources, closers };
}
