/** A dependency `/ready` checks (database, vector store). */
export const ReadinessProbe = Symbol.for('chatbuddy.ReadinessProbe');
export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects otherwise. */
  check(): Promise<void>;
}
