import type { ProjectId } from '@chatbuddy/core';
import { type ChromaClient, ChromaServerError, type Collection } from 'chromadb';
import { isChromaNotFound, translateChromaError, withDeadline } from './chroma-errors.js';
import { collectionName } from './chroma-records.js';

/** Pause before an operation that met a server error is tried again. */
export const serverErrorPauseMs = 100;

/** Cached handles of the projects' collections (one Chroma collection per project). */
export class ChromaCollections {
  private readonly handles = new Map<string, Promise<Collection>>();

  constructor(
    private readonly client: ChromaClient,
    private readonly prefix: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Runs `operation` on the project's collection, within the deadline. Without `create`, a
   * missing collection gives `undefined` (nothing stored yet) and is not created. A cached handle
   * whose collection was dropped elsewhere is looked up again once. A server error (5xx) is tried
   * once more after `serverErrorPauseMs`: a running Chroma answers one now and then while it
   * writes a collection's segments ("Error creating hnsw segment reader: Nothing found on disk"),
   * and every operation here is safe to repeat (queries and reads; upserts and deletes by id).
   * Timeouts, refused connections and a second server error are the caller's.
   */
  async run<T>(
    projectId: ProjectId,
    action: string,
    create: boolean,
    operation: (collection: Collection) => Promise<T>,
  ): Promise<T | undefined> {
    const name = collectionName(this.prefix, projectId);
    let retried = false;
    let lookedUpAgain = false;
    for (;;) {
      const cached = this.handles.has(projectId);
      try {
        const collection = await this.open(projectId, name, create);
        return await withDeadline(action, this.timeoutMs, () => operation(collection));
      } catch (error) {
        if (error instanceof ChromaServerError && !retried) {
          retried = true;
          await new Promise((resolve) => setTimeout(resolve, serverErrorPauseMs));
          continue;
        }
        if (!isChromaNotFound(error)) throw translateChromaError(error, action);
        this.handles.delete(projectId);
        if (!cached && !create) return undefined;
        if (lookedUpAgain) throw translateChromaError(error, action);
        lookedUpAgain = true;
      }
    }
  }

  /** Deletes the project's collection; a missing one is fine. */
  async drop(projectId: ProjectId): Promise<void> {
    const name = collectionName(this.prefix, projectId);
    this.handles.delete(projectId);
    try {
      await withDeadline('drop', this.timeoutMs, () => this.client.deleteCollection({ name }));
    } catch (error) {
      if (!isChromaNotFound(error)) throw translateChromaError(error, 'drop');
    }
  }

  private open(projectId: ProjectId, name: string, create: boolean): Promise<Collection> {
    const cached = this.handles.get(projectId);
    if (cached) return cached;
    const pending = withDeadline('open collection', this.timeoutMs, () =>
      create
        ? this.client.getOrCreateCollection({
            name,
            embeddingFunction: null,
            configuration: { hnsw: { space: 'cosine' } },
            metadata: { projectId },
          })
        : this.client.getCollection({ name }),
    );
    this.handles.set(projectId, pending);
    pending.catch(() => {
      if (this.handles.get(projectId) === pending) this.handles.delete(projectId);
    });
    return pending;
  }
}
