import type { Clock } from '../../../ports/clock.port.js';
import type { ProjectRepository } from '../../../ports/project.repository.port.js';

/**
 * Gives back token reservations whose model call can no longer settle them: those whose lease
 * expired (the process running the call stopped), or, with `everyLease`, all of them (no call can
 * be running: the embedded database is held by this one process, which is just starting).
 */
export class ReleaseExpiredReservations {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reservations were given back. */
  async execute(options: { everyLease?: boolean } = {}): Promise<number> {
    return this.projects.releaseExpiredLeases(options.everyLease ? null : this.clock.now());
  }
}
