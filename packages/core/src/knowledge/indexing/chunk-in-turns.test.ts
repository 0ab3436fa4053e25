import { describe, expect, it } from 'vitest';
import type { TextChunk } from '../chunking/chunker.js';
import type { Chunk } from '../document.js';
import { chunkInTurns } from './chunk-in-turns.js';

const textChunk = (text: string): TextChunk => ({
  text,
  headingPath: [],
  tokenCount: 1,
  charStart: 0,
  charEnd: text.length,
  metadata: {},
});

const identify = (chunk: TextChunk, position: number): Chunk => ({
  ...chunk,
  id: `chunk-${position}`,
  projectId: 'project',
  documentId: 'document',
  position,
});

/** Sections that record how many were cut, optionally failing at one of them. */
function sections(texts: string[][], failAt?: number) {
  const cut = { count: 0 };
  function* generate() {
    for (const [index, section] of texts.entries()) {
      if (index === failAt) throw new Error('section cannot be cut');
      cut.count++;
      yield section.map(textChunk);
    }
  }
  return { iterator: generate(), cut };
}

describe('chunkInTurns', () => {
  it('numbers chunks in document order across sections', async () => {
    const chunks = await chunkInTurns(sections([['a', 'b'], [], ['c'], ['d', 'e']]).iterator, identify);
    expect(chunks.map((chunk) => [chunk.position, chunk.text, chunk.id])).toEqual([
      [0, 'a', 'chunk-0'],
      [1, 'b', 'chunk-1'],
      [2, 'c', 'chunk-2'],
      [3, 'd', 'chunk-3'],
      [4, 'e', 'chunk-4'],
    ]);
    expect(await chunkInTurns(sections([]).iterator, identify)).toEqual([]);
  });

  it('cuts one section per turn of the event loop, so other work runs between sections', async () => {
    const { iterator, cut } = sections([['a'], ['b'], ['c'], ['d']]);
    const chunking = chunkInTurns(iterator, identify);
    expect(cut.count).toBe(0);
    const seen: number[] = [];
    for (let turn = 0; turn < 3; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.push(cut.count);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(await chunking).toHaveLength(4);
  });

  it("rejects with the chunker's failure", async () => {
    await expect(chunkInTurns(sections([['a'], ['b']], 1).iterator, identify)).rejects.toThrow(
      'section cannot be cut',
    );
  });

  it('stops before the next section once aborted', async () => {
    const { iterator, cut } = sections([['a'], ['b'], ['c'], ['d']]);
    const controller = new AbortController();
    const chunking = chunkInTurns(iterator, identify, controller.signal);
    await new Promise<void>((resolve) => setImmediate(resolve));
    controller.abort(new Error('upload refused'));
    await expect(chunking).rejects.toThrow('upload refused');
    expect(cut.count).toBe(1);
  });
});
