import type { PurgeExpiredLeads } from '@chatbuddy/core';
import type { ChatBuddyConfig } from './config.js';
import type { Logger } from './logger.js';

export interface LeadRetentionJob {
  /** Stops the periodic passes and waits for one in flight. */
  stop(): Promise<void>;
  /** Runs one pass now (the timer's work), for tests and operators. */
  runOnce(): Promise<void>;
}

/**
 * Deletes leads and conversations past their project's retention (`assistant.leadRetentionDays`)
 * every `leadRetentionIntervalMinutes`, the first pass one interval after start so starting stays
 * fast. A failed pass is logged and retried at the next tick; passes never overlap.
 */
export function startLeadRetentionJob(
  purge: PurgeExpiredLeads,
  config: Pick<ChatBuddyConfig, 'leadRetentionIntervalMinutes'>,
  logger: Logger,
): LeadRetentionJob {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= (async () => {
      try {
        for (const outcome of await purge.execute())
          logger.info(outcome, 'deleted leads and conversations past the project’s retention');
      } catch (error) {
        logger.warn({ err: error }, 'the lead retention pass failed');
      }
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const minutes = config.leadRetentionIntervalMinutes;
  const timer = minutes > 0 ? setInterval(run, minutes * 60_000) : null;
  timer?.unref();
  return {
    runOnce: run,
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
