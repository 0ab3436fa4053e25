import type { TextChunk } from '../chunking/chunker.js';
import type { Chunk } from '../document.js';

/**
 * Makes a document's chunks one section at a time, with a turn of the event loop before each
 * section, so that a database in another thread or process gets its next statement (the
 * document's row, the swap's first reads) while the document is being chunked. Chunks are given
 * their positions in document order. Stops before the next section once `signal` is aborted,
 * rejecting with its reason.
 */
export async function chunkInTurns(
  sections: Iterator<TextChunk[]>,
  identify: (chunk: TextChunk, position: number) => Chunk,
  signal?: AbortSignal,
): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const next = sections.next();
    if (next.done) return chunks;
    for (const chunk of next.value) chunks.push(identify(chunk, chunks.length));
  }
}
