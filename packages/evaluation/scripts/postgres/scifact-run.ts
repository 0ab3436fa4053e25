/**
 * What the PostgreSQL measurement scripts share: SciFact's abstracts as ~10k passages, timing
 * helpers, and running one measurement on PGlite (in memory) and then on a fresh database of a
 * PostgreSQL server that is dropped afterwards.
 */
import { readFileSync } from 'node:fs';
import type { PostgresPersistenceOptions } from '@chatbuddy/adapters-postgres';
import type { Chunk } from '@chatbuddy/core';
import { createTestDatabase } from '@chatbuddy/adapters-postgres/testing';

/** ~10k passages: each SciFact abstract split in two halves at a sentence boundary. */
export function sciFactPassages(dataset: string): Array<{ title: string; text: string }> {
  return readFileSync(`${dataset}/corpus.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const { title, text } = JSON.parse(line) as { title: string; text: string };
      const sentences = text.split(/(?<=\.)\s+/);
      const half = Math.ceil(sentences.length / 2);
      return [sentences.slice(0, half).join(' '), sentences.slice(half).join(' ')]
        .filter((part) => part.length > 0)
        .map((part) => ({ title, text: part }));
    });
}

/** One document's chunks from consecutive passages (the title as heading path), ids from `idOf`. */
export function passageChunks(
  projectId: string,
  documentId: string,
  passages: ReadonlyArray<{ title: string; text: string }>,
  idOf: (position: number) => string,
): Chunk[] {
  return passages.map((passage, position) => ({
    id: idOf(position),
    projectId,
    documentId,
    position,
    text: passage.text,
    headingPath: [passage.title],
    tokenCount: 0,
    charStart: 0,
    charEnd: passage.text.length,
    metadata: {},
  }));
}

export const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/** Milliseconds `run` took. */
export async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Runs `measure` on PGlite unless `serverOnly`, then on a fresh database at `url` if given. */
export async function onEachStore(
  options: { url?: string; serverOnly?: boolean },
  measure: (label: string, persistence: PostgresPersistenceOptions) => Promise<void>,
): Promise<void> {
  if (!options.serverOnly) await measure('pglite', { dataDir: 'memory' });
  if (!options.url) return;
  const database = await createTestDatabase(options.url);
  try {
    await measure('postgres', { url: database.url });
  } finally {
    await database.drop();
  }
}
