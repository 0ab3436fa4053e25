import type { Clock } from '../../../ports/clock.port.js';
import type { ReadinessProbe } from '../../../ports/readiness-probe.port.js';

export interface DependencyStatus {
  name: string;
  ok: boolean;
  /** False for a dependency the instance can serve without (its failure only degrades it). */
  essential: boolean;
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  /** Some non-essential dependency is down: the instance serves with reduced guarantees. */
  degraded: boolean;
  checks: DependencyStatus[];
}

/**
 * Checks every dependency (database, vector store, rate-limit store) within a time limit: the
 * instance is ready when every essential one answers, degraded when a non-essential one does not.
 */
export class CheckReadiness {
  constructor(
    private readonly probes: readonly ReadinessProbe[],
    private readonly clock: Clock,
    private readonly timeoutMs = 2_000,
  ) {}

  async execute(): Promise<Readiness> {
    const checks = await Promise.all(this.probes.map((probe) => this.check(probe)));
    return {
      ready: checks.every((check) => check.ok || !check.essential),
      degraded: checks.some((check) => !check.ok && !check.essential),
      checks,
    };
  }

  private async check(probe: ReadinessProbe): Promise<DependencyStatus> {
    const started = this.clock.now().getTime();
    const essential = probe.essential ?? true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([probe.check(), timeout]);
      return { name: probe.name, ok: true, essential, latencyMs: this.clock.now().getTime() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        name: probe.name,
        ok: false,
        essential,
        latencyMs: this.clock.now().getTime() - started,
        error: message,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
