import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';

/** Deleted projects handled per call. */
const batchSize = 100;

export interface DropDeletedVectorsOptions {
  /**
   * How long after a project's deletion its vectors are dropped again at each run before its note
   * is cleared. Indexing of the project still running at the deletion writes vectors until its
   * lease renewal finds the document gone (at most a minute, then one batch); a process stopped
   * meanwhile leaves them for these runs.
   */
  settleMs: number;
}

export const defaultDropDeletedVectorsOptions: Readonly<DropDeletedVectorsOptions> = Object.freeze({
  settleMs: 10 * 60_000,
});

/**
 * Drops the vectors of deleted projects that may still be stored: those whose deletion stopped
 * between the database and the vector store (the store was down, or the process was stopped),
 * and those an upload running at the deletion wrote after it. Each is noted as done only once its
 * vectors are gone and its deletion has settled, so a failure leaves it for the next run.
 */
export class DropDeletedProjectVectors {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly vectors: VectorStore,
    private readonly options: DropDeletedVectorsOptions = defaultDropDeletedVectorsOptions,
  ) {}

  /**
   * Returns how many deleted projects were done with (vectors dropped, note cleared). `settled`:
   * every deletion counts as settled (nothing else can be writing, as on an embedded start).
   */
  async execute({ settled: allSettled = false }: { settled?: boolean } = {}): Promise<number> {
    const settleMs = allSettled ? 0 : this.options.settleMs;
    let done = 0;
    for (;;) {
      const pending = await this.projects.deletedWithVectors(batchSize);
      let settled = true;
      for (const projectId of pending) {
        await this.vectors.dropProject(projectId);
        if (await this.projects.vectorsDropped(projectId, settleMs)) done += 1;
        else settled = false;
      }
      // Oldest first: once one has not settled, the rest have not either.
      if (pending.length < batchSize || !settled) return done;
    }
  }
}
