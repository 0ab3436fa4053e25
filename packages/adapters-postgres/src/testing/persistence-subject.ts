import type { EmbeddedChunk, VectorStore } from '@chatbuddy/core';
import { makeUser, type RepositorySubject } from '@chatbuddy/core/testing';
import { makeDocument, makeProject } from '@chatbuddy/core/testing';
import type { Kysely } from 'kysely';
import { transactionOf } from '../kysely-unit-of-work.js';
import type { PostgresPersistence } from '../postgres-persistence.js';
import { toChunkRow } from '../repositories/chunk-rows.js';
import type { Database } from '../schema/index.js';

/** The contract suites' view of a persistence. */
export function repositorySubject(persistence: PostgresPersistence): RepositorySubject {
  return {
    repositories: persistence.repositories,
    idempotency: persistence.repositories.idempotency,
    unitOfWork: persistence.unitOfWork,
    lexicalIndex: persistence.lexicalIndex,
  };
}

/** Creates the rows vectors point at (project and documents with the given ids). */
export async function prepareVectorProject(
  persistence: PostgresPersistence,
  projectId: string,
  documentIds: string[],
): Promise<void> {
  const { users, projects, documents } = persistence.repositories;
  const owner = await users.create(makeUser());
  await projects.create(makeProject(owner.id, { id: projectId }));
  for (const id of documentIds) await documents.create(makeDocument(projectId, { id }));
}

/**
 * The persistence's vector store (or `store`, one in its database), with every upserted chunk also written as its `document_chunks`
 * row (in the same transaction when written through `inTransaction`), as indexing writes them.
 * pgvector keeps no copy of a chunk and returns only vectors whose row exists (decision 0036), so
 * the port's contract, which upserts chunks on their own, is run through this.
 */
export function vectorStoreWithChunkRows(
  persistence: PostgresPersistence,
  store: VectorStore | null = persistence.vectorStore,
): VectorStore {
  if (!store) throw new Error('This database has no vector store');
  const writeRows = async (db: Kysely<Database>, projectId: string, chunks: readonly EmbeddedChunk[]) => {
    if (chunks.length === 0) return;
    await db
      .insertInto('document_chunks')
      .values(chunks.map(({ chunk }) => toChunkRow(chunk, projectId, chunk.documentId)))
      .onConflict((conflict) =>
        conflict
          .column('id')
          .doUpdateSet((update) => ({
            position: update.ref('excluded.position'),
            text: update.ref('excluded.text'),
            heading_path: update.ref('excluded.heading_path'),
            token_count: update.ref('excluded.token_count'),
            char_start: update.ref('excluded.char_start'),
            char_end: update.ref('excluded.char_end'),
            metadata: update.ref('excluded.metadata'),
          }))
          .where('document_chunks.project_id', '=', projectId),
      )
      .execute();
  };
  const writer: Partial<VectorStore> = {
    upsert: async (projectId, chunks) => {
      await writeRows(persistence.db, projectId, chunks);
      await store.upsert(projectId, chunks);
    },
  };
  if (store.inTransaction) {
    const inTransaction = store.inTransaction.bind(store);
    writer.inTransaction = (repositories) => {
      const bound = transactionOf(repositories);
      const vectors = inTransaction(repositories);
      return {
        upsert: async (projectId, chunks) => {
          if (bound) await writeRows(bound.transaction, projectId, chunks);
          await vectors.upsert(projectId, chunks);
        },
      };
    };
  }
  return Object.assign(Object.create(store) as VectorStore, writer);
}
