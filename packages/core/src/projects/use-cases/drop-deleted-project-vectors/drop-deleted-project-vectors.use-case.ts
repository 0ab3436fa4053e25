import type { ProjectRepository } from '../../../ports/project.repository.port.js';
import type { VectorStore } from '../../../ports/vector-store.port.js';

/** Deleted projects handled per call. */
const batchSize = 100;

/**
 * Drops the vectors of deleted projects that are still stored: those whose deletion stopped
 * between the database and the vector store (the store was down, or the process was stopped).
 * Each is noted as done only once its vectors are gone, so a failure leaves it for the next run.
 */
export class DropDeletedProjectVectors {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly vectors: VectorStore,
  ) {}

  /** Returns how many deleted projects had their vectors dropped. */
  async execute(): Promise<number> {
    let dropped = 0;
    for (;;) {
      const pending = await this.projects.deletedWithVectors(batchSize);
      for (const projectId of pending) {
        await this.vectors.dropProject(projectId);
        await this.projects.vectorsDropped(projectId);
        dropped += 1;
      }
      if (pending.length < batchSize) return dropped;
    }
  }
}
