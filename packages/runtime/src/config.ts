import { z } from 'zod';
import { settingProblem } from './config-messages.js';

const port = z.coerce.number().int().min(0).max(65_535);
const optionalString = z.string().trim().min(1).optional();
const optionalUrl = z.url().optional();
const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => ['true', '1', 'yes'].includes(value)),
]);
const positiveInt = z.coerce.number().int().positive();

/** Default secrets of the embedded default; refused in production. */
export const developmentSecret = 'chatbuddy-development-secret-change-me';

/**
 * Configuration of a Chat Buddy instance. The same schema is read from the environment
 * (`configFromEnv`, UPPER_SNAKE names) and accepted as an object by `createChatBuddy`.
 */
export const configSchema = z
  .object({
    nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
    port: port.default(5000),
    host: z.string().default('0.0.0.0'),
    appBaseUrl: optionalUrl,
    frontendOrigin: z.string().optional(),
    authSecret: z.string().min(16).default(developmentSecret),
    accessSecret: z.string().min(16).optional(),
    refreshSecret: z.string().min(16).optional(),
    accessTokenTtlSeconds: positiveInt.default(900),
    refreshTokenTtlSeconds: positiveInt.default(30 * 24 * 3600),
    dbUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    dataDir: z.string().default('.data'),
    autoMigrate: bool.optional(),
    chromaUrl: optionalUrl,
    chromaTenant: optionalString,
    chromaDatabase: optionalString,
    /**
     * With `DB_URL` and `CHROMA_URL`: uploads write their vectors to an outbox in PostgreSQL and are
     * answered once it commits; a background writer sends them to Chroma in batches, and searches
     * read the outbox until then. `false` writes to Chroma before answering.
     */
    chromaWriteBehind: bool.default(true),
    ollamaBaseUrl: optionalUrl,
    openaiApiKey: optionalString,
    openaiBaseUrl: optionalUrl,
    groqApiKey: optionalString,
    groqBaseUrl: optionalUrl,
    geminiApiKey: optionalString,
    geminiBaseUrl: optionalUrl,
    resendApiKey: optionalString,
    resendFromEmail: z.string().default('Chat Buddy <onboarding@chatbuddy.local>'),
    resendBaseUrl: optionalUrl,
    redisUrl: optionalUrl,
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    maxBodyBytes: positiveInt.default(1024 * 1024),
    maxUploadBytes: positiveInt.default(20 * 1024 * 1024),
    /** Largest document text (extracted from a file or sent as text), in UTF-8 bytes; 413 beyond. */
    maxTextBytes: positiveInt.default(5 * 1024 * 1024),
    /** Requests per minute one client (IP) may make with one project key; 0 turns the limit off. */
    rateLimitPerMinute: z.coerce.number().int().min(0).default(600),
    /** Requests per minute one project key may take from all clients together; 0 turns the limit off. */
    rateLimitPerKeyPerMinute: z.coerce.number().int().min(0).default(6_000),
    /** Requests per minute one client (IP) may make on the runtime API with any keys; 0 turns it off. */
    rateLimitPerIpPerMinute: z.coerce.number().int().min(0).default(1_200),
    /** Messages per minute in one visitor session (assistant session or conversation); 0 turns it off. */
    rateLimitPerSessionPerMinute: z.coerce.number().int().min(0).default(30),
    /** Failed provider calls in a row (after retries) that open the provider's circuit breaker. */
    providerCircuitFailures: positiveInt.default(5),
    /** Seconds an open provider circuit fails calls fast before one probe call is let through. */
    providerCircuitOpenSeconds: positiveInt.default(30),
    /** Minutes between upkeep runs of the embedded database; 0 turns them off. */
    maintenanceIntervalMinutes: z.coerce.number().int().min(0).default(15),
    /** Seconds between passes that release indexing work abandoned by a stopped process; 0: on start only. */
    repairIntervalSeconds: z.coerce.number().int().min(0).default(60),
    /** Seconds an indexing run vouches for its document (renewed every fifth of it); then another instance may release it. */
    indexingLeaseSeconds: z.coerce.number().int().min(5).default(60),
    /** Minutes between lead retention passes (projects with `assistant.leadRetentionDays`); 0 turns them off. */
    leadRetentionIntervalMinutes: z.coerce.number().int().min(0).default(60),
    /** Chunks (all projects) searched from in-process copies of the index; 0 searches SQL only. */
    searchMirrorMaxChunks: z.coerce.number().int().min(0).default(200_000),
    /** Requests one instance handles at once before it queues the next; 0 turns load shedding off. */
    maxConcurrentRequests: z.coerce.number().int().min(0).default(64),
    /** Milliseconds a request may wait for a slot before it is answered 503 `overloaded`. */
    maxQueueMs: z.coerce.number().int().min(0).default(1_000),
    /**
     * Uploads, replacements and reindexing handled at once, apart from the other requests' slots
     * (seconds of work each: a burst of them must not starve chats); 0 lets them share the slots.
     */
    maxConcurrentIndexing: z.coerce.number().int().min(0).default(2),
    /** Milliseconds an upload may wait for an indexing slot before it is answered 503 `overloaded`. */
    maxIndexingQueueMs: z.coerce.number().int().min(0).default(30_000),
    /**
     * Uploads answered before they are indexed (`Prefer: respond-async`) that may wait for their
     * indexing at once; past it the next such upload waits for room before it is stored.
     */
    indexingBacklog: z.coerce.number().int().min(0).max(10_000).default(16),
    /**
     * Uploads answered before they are indexed that are indexed at once. Default 8 with `dbUrl`
     * (their vector writes share Chroma's requests, and the database pool grows by as many
     * connections), 1 on the embedded database, whose one connection they would only queue on.
     */
    maxBackgroundIndexing: z.coerce.number().int().min(1).max(64).optional(),
    /**
     * Seconds a request's body may go without a byte arriving before the request is answered 408
     * `request_timeout` and its connection closed.
     */
    bodyIdleTimeoutSeconds: z.coerce.number().positive().max(3_600).default(10),
    /**
     * Whether lead webhooks may reach this host, private networks and link-local addresses (off:
     * a project's owner could otherwise make the server post to services on its own network).
     */
    webhookAllowPrivateNetworks: bool.default(false),
    /**
     * Milliseconds the event loop may have been busy without a turn when a request is read before
     * that request is answered 503 `overloaded` at once; 0 turns it off. Unset: `maxQueueMs`
     * (0 with `NODE_ENV=test`).
     */
    maxLoopDelayMs: z.coerce.number().int().min(0).optional(),
    /**
     * Worker threads that embed uploaded documents with the local embedder (started on first use,
     * stopped when idle); 0 embeds on the main thread. Unset: 0 for the server, one per spare core
     * for `chatbuddy ingest`.
     */
    embeddingWorkers: z.coerce.number().int().min(0).max(16).optional(),
    /**
     * Where the embedded database (PGlite) runs: `worker`, a thread of its own, so its statements
     * run beside the server's JavaScript on a second core; or `main`, the server's thread
     * (docs/decisions/0029-embedded-database-thread.md). Ignored with `DB_URL`.
     */
    databaseThread: z.enum(['main', 'worker']).default('worker'),
    trustProxy: bool.default(false),
    /** Seconds a stopping server (SIGTERM) gives open requests and event streams to finish. */
    shutdownTimeoutSeconds: positiveInt.default(10),
    /** Bearer token a Prometheus scraper presents to `GET /metrics`; unset: the endpoint is off (404). */
    metricsToken: z.string().min(16).optional(),
    /** In production, refuse to start with the outbox mailer or the local embedder instead of warning. */
    strictProduction: bool.default(false),
    /** Seconds an idle assistant (lead-capture) session lives before the visitor must start again. */
    leadSessionIdleSeconds: positiveInt.default(24 * 3600),
  })
  .strict();

export type ChatBuddyConfig = z.output<typeof configSchema>;
export type ChatBuddyConfigInput = z.input<typeof configSchema>;

const envNames: Record<keyof ChatBuddyConfig, string> = {
  nodeEnv: 'NODE_ENV',
  port: 'PORT',
  host: 'HOST',
  appBaseUrl: 'APP_BASE_URL',
  frontendOrigin: 'FRONTEND_ORIGIN',
  authSecret: 'AUTH_SECRET',
  accessSecret: 'ACCESS_SECRET',
  refreshSecret: 'REFRESH_SECRET',
  accessTokenTtlSeconds: 'ACCESS_TOKEN_TTL_SECONDS',
  refreshTokenTtlSeconds: 'REFRESH_TOKEN_TTL_SECONDS',
  dbUrl: 'DB_URL',
  dataDir: 'DATA_DIR',
  autoMigrate: 'AUTO_MIGRATE',
  chromaUrl: 'CHROMA_URL',
  chromaTenant: 'CHROMA_TENANT',
  chromaDatabase: 'CHROMA_DATABASE',
  chromaWriteBehind: 'CHROMA_WRITE_BEHIND',
  ollamaBaseUrl: 'OLLAMA_BASE_URL',
  openaiApiKey: 'OPENAI_API_KEY',
  openaiBaseUrl: 'OPENAI_BASE_URL',
  groqApiKey: 'GROQ_API_KEY',
  groqBaseUrl: 'GROQ_BASE_URL',
  geminiApiKey: 'GEMINI_API_KEY',
  geminiBaseUrl: 'GEMINI_BASE_URL',
  resendApiKey: 'RESEND_API_KEY',
  resendFromEmail: 'RESEND_FROM_EMAIL',
  resendBaseUrl: 'RESEND_BASE_URL',
  redisUrl: 'REDIS_URL',
  logLevel: 'LOG_LEVEL',
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxUploadBytes: 'MAX_UPLOAD_BYTES',
  maxTextBytes: 'MAX_TEXT_BYTES',
  rateLimitPerMinute: 'RATE_LIMIT_PER_MINUTE',
  rateLimitPerKeyPerMinute: 'RATE_LIMIT_PER_KEY_PER_MINUTE',
  rateLimitPerIpPerMinute: 'RATE_LIMIT_PER_IP_PER_MINUTE',
  rateLimitPerSessionPerMinute: 'RATE_LIMIT_PER_SESSION_PER_MINUTE',
  providerCircuitFailures: 'PROVIDER_CIRCUIT_FAILURES',
  providerCircuitOpenSeconds: 'PROVIDER_CIRCUIT_OPEN_SECONDS',
  maintenanceIntervalMinutes: 'MAINTENANCE_INTERVAL_MINUTES',
  repairIntervalSeconds: 'REPAIR_INTERVAL_SECONDS',
  indexingLeaseSeconds: 'INDEXING_LEASE_SECONDS',
  leadRetentionIntervalMinutes: 'LEAD_RETENTION_INTERVAL_MINUTES',
  searchMirrorMaxChunks: 'SEARCH_MIRROR_MAX_CHUNKS',
  maxConcurrentRequests: 'MAX_CONCURRENT_REQUESTS',
  embeddingWorkers: 'EMBEDDING_WORKERS',
  databaseThread: 'DATABASE_THREAD',
  maxQueueMs: 'MAX_QUEUE_MS',
  maxConcurrentIndexing: 'MAX_CONCURRENT_INDEXING',
  maxIndexingQueueMs: 'MAX_INDEXING_QUEUE_MS',
  indexingBacklog: 'INDEXING_BACKLOG',
  maxBackgroundIndexing: 'MAX_BACKGROUND_INDEXING',
  bodyIdleTimeoutSeconds: 'BODY_IDLE_TIMEOUT_SECONDS',
  webhookAllowPrivateNetworks: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
  maxLoopDelayMs: 'MAX_LOOP_DELAY_MS',
  trustProxy: 'TRUST_PROXY',
  shutdownTimeoutSeconds: 'SHUTDOWN_TIMEOUT_SECONDS',
  metricsToken: 'METRICS_TOKEN',
  strictProduction: 'STRICT_PRODUCTION',
  leadSessionIdleSeconds: 'LEAD_SESSION_IDLE_SECONDS',
};

/** A configuration problem, naming the environment variable (or option) at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; option: string; message: string }>) {
    // One problem fits on one line; several are listed one a line.
    const [only] = problems;
    super(
      problems.length === 1 && only
        ? `Invalid configuration: ${only.variable}: ${only.message}`
        : `Invalid configuration:\n${problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Validates a configuration object; throws ConfigError naming each bad variable. */
export function parseConfig(input: ChatBuddyConfigInput | Record<string, unknown> = {}): ChatBuddyConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const option = String(issue.path[0] ?? '');
        const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
        const field = configSchema.shape[option as keyof ChatBuddyConfig] as z.ZodType | undefined;
        return {
          option: unknownKeys ?? option,
          variable: unknownKeys ?? envNames[option as keyof ChatBuddyConfig] ?? option,
          message: unknownKeys
            ? 'unknown option'
            : settingProblem(field, issue, (input as Record<string, unknown>)[option]),
        };
      }),
    );
  }
  const config = result.data;
  assertProductionSafe(config);
  return config;
}

/** Reads the configuration from environment variables (empty values count as unset). */
export function configFromEnv(env: Record<string, string | undefined>): ChatBuddyConfig {
  const input: Record<string, string> = {};
  for (const [option, variable] of Object.entries(envNames)) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') input[option] = value;
  }
  if (input.nodeEnv && !['development', 'production', 'test'].includes(input.nodeEnv))
    input.nodeEnv = 'development';
  return parseConfig(input);
}

function assertProductionSafe(config: ChatBuddyConfig): void {
  if (config.nodeEnv !== 'production') return;
  const problems: Array<{ variable: string; option: string; message: string }> = [];
  const secrets = ['authSecret', 'accessSecret', 'refreshSecret'] as const;
  for (const option of secrets) {
    const value = config[option];
    if (
      option === 'authSecret'
        ? value === developmentSecret
        : value === undefined || value === developmentSecret
    ) {
      problems.push({
        option,
        variable: envNames[option],
        message: 'must be set to a strong secret in production',
      });
    } else if (value && value.length < 32) {
      problems.push({
        option,
        variable: envNames[option],
        message: 'must be at least 32 characters in production',
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Indexing runs of uploads answered before they are indexed at once (see `maxBackgroundIndexing`). */
export function backgroundIndexingConcurrency(config: ChatBuddyConfig): number {
  return config.maxBackgroundIndexing ?? (config.dbUrl ? 8 : 1);
}
