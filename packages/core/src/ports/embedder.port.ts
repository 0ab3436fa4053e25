export interface EmbedOptions {
  /** Queries and documents may be embedded differently (asymmetric models). */
  purpose: 'query' | 'document';
  signal?: AbortSignal;
}

/** Turns text into vectors of one fixed space. */
export const Embedder = Symbol.for('chatbuddy.Embedder');
export interface Embedder {
  /** Identifies the vector space, e.g. `local:hash-384@1` or `openai:text-embedding-3-small`. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * One vector per text, in order, each of `dimensions` numbers.
   * @throws DomainError `provider_*` on provider failure.
   */
  embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]>;
}
