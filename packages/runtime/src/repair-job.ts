import {
  type DropDeletedProjectVectors,
  type ReleaseExpiredReservations,
  type RepairDocuments,
  type RepairOutcome,
  repairDocumentsInput,
} from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';

/** Documents released per pass; passes repeat while one comes back full. */
const passLimit = 100;

export interface RepairJob {
  /** Stops the periodic passes and waits for one in flight. */
  stop(): Promise<void>;
}

/**
 * Releases indexing work abandoned by a stopped process (`failed`, reason `interrupted`; a
 * reindex takes it up again), on start and every `repairIntervalSeconds`. The embedded database
 * is held by this one process, so on start every `pending`/`indexing` document is abandoned; with
 * PostgreSQL other instances may be indexing, so only expired leases count, on start as later.
 * Token reservations of model calls a stopped process never settled are given back the same way
 * (every one on an embedded start, expired leases otherwise), and the vectors of deleted
 * projects whose deletion stopped before the vector store are dropped. A failed pass is logged
 * and retried at the next tick.
 */
export async function startRepairJob(
  work: {
    repair: RepairDocuments;
    reservations: ReleaseExpiredReservations;
    deletedVectors: DropDeletedProjectVectors;
  },
  config: Pick<ChatBuddyConfig, 'dbUrl' | 'repairIntervalSeconds'>,
  logger: Logger,
): Promise<RepairJob> {
  const run = async (everyUnfinished: boolean) => {
    await releaseReservations(work.reservations, everyUnfinished, logger);
    await releaseDocuments(work.repair, everyUnfinished, logger);
    await dropDeletedVectors(work.deletedVectors, everyUnfinished, logger);
  };
  await run(!config.dbUrl);
  let running: Promise<void> | null = null;
  const timer =
    config.repairIntervalSeconds > 0
      ? setInterval(() => {
          running ??= run(false).finally(() => {
            running = null;
          });
        }, config.repairIntervalSeconds * 1000)
      : null;
  timer?.unref();
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

async function releaseDocuments(repair: RepairDocuments, everyUnfinished: boolean, logger: Logger) {
  try {
    const released: RepairOutcome[] = [];
    for (;;) {
      const outcomes = await repair.execute(
        repairDocumentsInput.parse({ limit: passLimit, everyUnfinished }),
      );
      released.push(...outcomes);
      if (outcomes.length < passLimit) break;
    }
    for (const outcome of released) {
      logger.warn(
        {
          projectId: outcome.projectId,
          documentId: outcome.documentId,
          previousStatus: outcome.previousStatus,
        },
        'indexing was interrupted: the document is failed until it is reindexed',
      );
    }
    if (released.length > 0)
      logger.info({ documents: released.length }, 'released interrupted indexing work');
  } catch (error) {
    logger.warn({ err: error }, 'releasing interrupted indexing work failed');
  }
}

async function releaseReservations(
  reservations: ReleaseExpiredReservations,
  everyLease: boolean,
  logger: Logger,
) {
  try {
    const released = await reservations.execute({ everyLease });
    if (released > 0)
      logger.info({ reservations: released }, 'gave back token reservations of interrupted calls');
  } catch (error) {
    logger.warn({ err: error }, 'giving back token reservations of interrupted calls failed');
  }
}

async function dropDeletedVectors(
  deletedVectors: DropDeletedProjectVectors,
  everyDeletion: boolean,
  logger: Logger,
) {
  try {
    // On an embedded start nothing else can still be writing the deleted projects' vectors.
    const dropped = await deletedVectors.execute({ settled: everyDeletion });
    // Routine after every deletion (its note is cleared once settled): not news for an operator.
    if (dropped > 0) logger.debug({ projects: dropped }, 'dropped the vectors of deleted projects');
  } catch (error) {
    logger.warn({ err: error }, 'dropping the vectors of deleted projects failed');
  }
}
