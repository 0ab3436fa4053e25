import { channel } from 'node:diagnostics_channel';

/**
 * Name of the diagnostics channel on which the BM25 posting writes report their duration
 * (`{ milliseconds }`), for profiling tools such as `pnpm bench`. Nothing is measured or sent
 * while no one subscribes.
 */
export const postingWritesChannel = 'chatbuddy.postgres.posting-writes';

const postingWrites = channel(postingWritesChannel);

/** Runs `work`, publishing its duration on the posting-writes channel when someone listens. */
export async function timedPostingWrite<T>(work: () => Promise<T>): Promise<T> {
  if (!postingWrites.hasSubscribers) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    postingWrites.publish({ milliseconds: performance.now() - started });
  }
}
