/** A dependency `/ready` checks (database, vector store, rate-limit store). */
export const ReadinessProbe = Symbol.for('chatbuddy.ReadinessProbe');
export interface ReadinessProbe {
  readonly name: string;
  /**
   * Whether the instance cannot serve without this dependency (default true). A failing
   * non-essential dependency (e.g. a shared rate-limit store with a per-instance fallback) marks
   * the instance degraded but leaves it ready.
   */
  readonly essential?: boolean;
  /** Resolves when the dependency answers; rejects otherwise. */
  check(): Promise<void>;
}
