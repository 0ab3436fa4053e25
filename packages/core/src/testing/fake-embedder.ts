import type { EmbedOptions, Embedder } from '../ports/embedder.port.js';

/** Deterministic hashed bag-of-words vectors: texts sharing words are close. */
export class FakeEmbedder implements Embedder {
  readonly calls: string[][] = [];
  failWith: Error | null = null;
  /** Computed here; a test may set it false to stand for a provider reached over the network. */
  inProcess = true;

  constructor(
    readonly model = 'fake:bow-64',
    readonly dimensions = 64,
  ) {}

  async embed(texts: readonly string[], _options: EmbedOptions): Promise<number[][]> {
    if (this.failWith) throw this.failWith;
    this.calls.push([...texts]);
    return texts.map((text) => {
      const vector = new Array<number>(this.dimensions).fill(0);
      for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        let hash = 2166136261;
        for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
        vector[hash % this.dimensions]! += 1;
      }
      const norm = Math.hypot(...vector) || 1;
      return vector.map((value) => value / norm);
    });
  }
}
