import {
  BackgroundIndexing,
  DomainError,
  LeadVerifiedListeners,
  NotifyVerifiedLead,
  PurgeExpiredLeads,
  DropDeletedProjectVectors,
  ReleaseExpiredReservations,
  RepairDocuments,
} from '@chatbuddy/core';
import type { Container } from 'inversify';
import { type ChatBuddyConfig, type ChatBuddyConfigInput, parseConfig } from './config.js';
import { type ContainerOptions, createContainer } from './container.js';
import { buildDefaultResources } from './default-resources.js';
import { type ChatBuddyFacade, createFacade } from './facade.js';
import { compactHeap, compactWhenIdle } from './heap-compaction.js';
import { createLogger, type Logger } from './logger.js';
import { startLeadRetentionJob } from './lead-retention-job.js';
import { startRepairJob } from './repair-job.js';
import type { Resources } from './resources.js';

export interface CreateChatBuddyOptions extends ContainerOptions {
  /** Adapters to use instead of the ones the configuration selects (tests, host services). */
  resources?: Partial<Resources>;
  logger?: Logger;
}

export interface InstanceStats {
  /** Documents `pending` or `indexing` in the database (all instances), counted up to 10 000. */
  indexingQueue: number;
  /** Chunks this instance holds in its in-process search mirror. */
  searchMirrorChunks: number;
  /** Vectors written to the database and not yet sent to Chroma (all instances; 0 without the outbox). */
  vectorOutbox: number;
}

/** A running Chat Buddy instance: its configuration, container and lifecycle. */
export interface ChatBuddy extends ChatBuddyFacade {
  readonly config: ChatBuddyConfig;
  readonly logger: Logger;
  readonly container: Container;
  /** Resolves a port or use case from the container. */
  get<T>(serviceIdentifier: symbol | (abstract new (...args: never[]) => T)): T;
  /**
   * Database upkeep after bulk writes (statistics and space); the embedded database has no
   * autovacuum, so long-running servers also do it every `maintenanceIntervalMinutes`.
   */
  maintain(): Promise<void>;
  /**
   * Loads the projects' search data into memory (the in-process search mirror) so first searches
   * need not wait for it; `chatbuddy serve` starts it in the background. Resolves with what was
   * loaded (zeros when the mirror is off).
   */
  warmUp(): Promise<{ projects: number; chunks: number }>;
  /**
   * For a process that runs Chat Buddy alone (`chatbuddy serve` calls it once the search data is
   * loaded): gives back the memory start-up left behind now, with one full, memory-reducing garbage
   * collection, and again after each spell of traffic once the process has been idle for a minute
   * (`heap-compaction.ts`). Each collection stops the whole process for tens to a few hundred
   * milliseconds, so an instance never starts this itself: a service that embeds Chat Buddy decides
   * for its own process. Stops when the instance closes; calling it again does nothing.
   */
  manageHeap(): void;
  /**
   * A consistent archive (gzip'd tar) of the embedded database, taken while the instance serves;
   * `chatbuddy restore` loads it. Server mode refuses with `conflict`: back up with `pg_dump`.
   */
  backup(): Promise<Uint8Array>;
  /** Figures for monitoring: documents waiting for or in indexing (capped), chunks in the search mirror. */
  stats(): Promise<InstanceStats>;
  /** Closes every resource in reverse order of opening. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Creates a Chat Buddy instance from a configuration object (the same schema as the environment,
 * in camelCase). With no options it runs the embedded default: PGlite with pgvector in `dataDir`,
 * the local provider, the outbox mailer and in-memory rate limits.
 */
export async function createChatBuddy(
  input: ChatBuddyConfigInput | ChatBuddyConfig = {},
  options: CreateChatBuddyOptions = {},
): Promise<ChatBuddy> {
  const config = parseConfig(input);
  const logger = options.logger ?? createLogger(config);
  const { resources, closers } = await buildDefaultResources(config, logger, options.resources ?? {});
  const container = createContainer(config, resources, options);
  const maintain = async () => {
    await resources.persistence.maintain?.();
  };
  const timer =
    !config.dbUrl && config.maintenanceIntervalMinutes > 0
      ? setInterval(
          () =>
            maintain().catch((error: unknown) => logger.warn({ err: error }, 'database maintenance failed')),
          config.maintenanceIntervalMinutes * 60_000,
        )
      : null;
  timer?.unref();
  if (timer) closers.push(async () => clearInterval(timer));
  const repairJob = await startRepairJob(
    {
      repair: container.get(RepairDocuments),
      reservations: container.get(ReleaseExpiredReservations),
      deletedVectors: container.get(DropDeletedProjectVectors),
    },
    config,
    logger,
  );
  closers.push(() => repairJob.stop());
  // Uploads already answered are indexed before the database closes, within the shutdown time.
  closers.push(async () => {
    const left = await container.get(BackgroundIndexing).close(config.shutdownTimeoutSeconds * 1000);
    if (left > 0) {
      logger.warn(
        { documents: left },
        'stopped before every document answered with 202 was indexed: they become failed (interrupted) and can be sent again or reindexed',
      );
    }
  });
  // Verified leads are announced to the project's owner (email, and the webhook when set).
  const unsubscribe = container.get(LeadVerifiedListeners).subscribe(container.get(NotifyVerifiedLead));
  closers.push(async () => {
    unsubscribe();
    await container.get(LeadVerifiedListeners).idle();
  });
  const retentionJob = startLeadRetentionJob(container.get(PurgeExpiredLeads), config, logger);
  closers.push(() => retentionJob.stop());
  let stopCompaction: (() => void) | null = null;
  closers.push(async () => stopCompaction?.());
  let closing: Promise<void> | null = null;
  return {
    ...createFacade(container),
    config,
    logger,
    container,
    maintain,
    backup: async () => {
      const { backup } = resources.persistence;
      if (!backup) {
        throw new DomainError(
          'conflict',
          'Only the embedded database is backed up here; use pg_dump in server mode',
        );
      }
      return backup();
    },
    warmUp: async () => (await resources.persistence.warmSearch?.()) ?? { projects: 0, chunks: 0 },
    manageHeap: () => {
      if (stopCompaction || closing) return;
      // The embedded database's thread too, when it has its own (decision 0029).
      const compactAll = () => {
        compactHeap();
        resources.persistence.compactHeap?.().catch((error: unknown) => {
          logger.warn({ err: error }, 'compacting the database thread failed');
        });
      };
      compactAll();
      // An idle instance gives back what its last spell of traffic grew the heap by.
      stopCompaction = compactWhenIdle({ compact: compactAll });
    },
    stats: async () => ({
      indexingQueue: (await resources.persistence.documents.listByStatus(['pending', 'indexing'], 10_000))
        .length,
      searchMirrorChunks: resources.persistence.mirroredChunks?.() ?? 0,
      vectorOutbox: (await resources.persistence.vectorsToSend?.()) ?? 0,
    }),
    get: <T>(serviceIdentifier: symbol | (abstract new (...args: never[]) => T)) =>
      container.get<T>(serviceIdentifier as symbol),
    close: () => {
      closing ??= (async () => {
        for (const close of [...closers].reverse()) {
          try {
            await close();
          } catch (error) {
            logger.warn({ err: error }, 'error while closing a resource');
          }
        }
      })();
      return closing;
    },
  };
}
