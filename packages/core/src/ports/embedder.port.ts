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
   * True when vectors are computed in this process (its thread or its worker threads), with no
   * network call: indexing may then embed while it holds a database transaction, since the wait
   * is bounded by the CPU work. Absent or false for a provider reached over the network.
   */
  readonly inProcess?: boolean;
  /**
   * One vector per text, in order, each of `dimensions` numbers.
   * @throws DomainError `provider_*` on provider failure.
   */
  embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]>;
}
