import type { Chunk, EmbeddedChunk } from '../../knowledge/document.js';

let counter = 0;

/** A random-enough UUID for contract fixtures (unique per process, valid format). */
export function fixtureId(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `${random}-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function makeChunk(
  projectId: string,
  documentId: string,
  position: number,
  text = `chunk ${position}`,
): Chunk {
  return {
    id: fixtureId(),
    projectId,
    documentId,
    position,
    text,
    headingPath: ['Guide', `Section ${position}`],
    tokenCount: Math.ceil(text.length / 4),
    charStart: position * 100,
    charEnd: position * 100 + text.length,
    metadata: { page: position + 1 },
  };
}

/** A unit vector of `dimensions` with weight on `axis` (and a little on the next one). */
export function unitVector(dimensions: number, axis: number, spill = 0): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  vector[axis % dimensions] = 1;
  vector[(axis + 1) % dimensions] = spill;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

export function embedded(chunk: Chunk, embedding: number[]): EmbeddedChunk {
  return { chunk, embedding };
}
