import type { DocumentId, ProjectId } from '../../shared/common.js';
import type { Clock } from '../../ports/clock.port.js';
import type { AbandonedCutoff, DocumentRepository } from '../../ports/document.repository.port.js';

export interface LeaseOptions {
  /** How long a run vouches for its document past its last renewal. */
  leaseMs: number;
  /** Real time between renewals while a run lasts; well under `leaseMs`. */
  renewEveryMs: number;
}

/**
 * A document may embed for minutes with a hosted provider: its run renews the lease all along.
 * Renewing every 12 s a lease of a minute keeps it through four missed renewals (a busy event
 * loop, a database blip), while the work of a killed process is released a minute after it died.
 */
export const defaultLeaseOptions: Readonly<LeaseOptions> = Object.freeze({
  leaseMs: 60_000,
  renewEveryMs: 12_000,
});

/** The failure reason of work abandoned by a process that stopped mid-way. */
export const interruptedReason = 'interrupted';

/** When work counts as abandoned at `now`: an expired lease, or no lease and no change for `leaseMs`. */
export function abandonedCutoff(now: Date, leaseMs: number): AbandonedCutoff {
  return { leaseExpiredBy: now, unleasedSince: new Date(now.getTime() - leaseMs) };
}

export interface HeldLease {
  /** Stops renewing; the run's final write clears the lease. */
  release(): void;
  /**
   * Aborted when a renewal finds the document gone or no longer unfinished (deleted with its
   * project, or released as abandoned): the run must stop writing vectors nobody will clean.
   */
  readonly lost: AbortSignal;
}

/**
 * Renews the lease of a document being indexed every `renewEveryMs` until released, so no
 * other instance takes a live run for an abandoned one. A failed renewal is retried at the next
 * tick: the lease outlives several. A renewal that finds the document gone aborts `lost` with
 * `onLost()`'s error.
 */
export function holdLease(
  documents: DocumentRepository,
  clock: Clock,
  document: { projectId: ProjectId; id: DocumentId },
  options: LeaseOptions,
  onLost: () => Error = () => new Error('The indexing lease was lost'),
): HeldLease {
  const lost = new AbortController();
  const renew = () => {
    const until = new Date(clock.now().getTime() + options.leaseMs);
    documents.renewLease(document.projectId, document.id, until).then(
      (renewed) => {
        if (!renewed && !lost.signal.aborted) lost.abort(onLost());
      },
      () => undefined,
    );
  };
  const timer = setInterval(renew, options.renewEveryMs);
  // A renewal timer alone never keeps the process alive.
  (timer as { unref?: () => void }).unref?.();
  return { release: () => clearInterval(timer), lost: lost.signal };
}
