import type { LeadVerified, LeadVerifiedListener } from '../ports/lead-verified-listener.port.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * The listeners told about verified leads. Publishing does not wait for them; `idle()` does
 * (tests, graceful stops). A listener's failure is logged, one warning each.
 */
export class LeadVerifiedListeners {
  private readonly listeners = new Set<LeadVerifiedListener>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: LeadVerifiedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts telling every listener about `event` and returns immediately. */
  publish(event: LeadVerified): void {
    for (const listener of this.listeners) {
      const delivery = Promise.resolve()
        .then(() => listener.leadVerified(event))
        .catch((error: unknown) =>
          this.logger.warn('a lead verification listener failed', { projectId: event.projectId, error }),
        )
        .finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  /** Resolves when every listener started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
