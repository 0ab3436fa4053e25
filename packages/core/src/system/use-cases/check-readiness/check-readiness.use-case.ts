import type { Clock } from '../../../ports/clock.port.js';
import type { ReadinessProbe } from '../../../ports/readiness-probe.port.js';

export interface DependencyStatus {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: DependencyStatus[];
}

/** Checks every dependency the service needs (database, vector store) within a time limit. */
export class CheckReadiness {
  constructor(
    private readonly probes: readonly ReadinessProbe[],
    private readonly clock: Clock,
    private readonly timeoutMs = 2_000,
  ) {}

  async execute(): Promise<Readiness> {
    const checks = await Promise.all(this.probes.map((probe) => this.check(probe)));
    return { ready: checks.every((check) => check.ok), checks };
  }

  private async check(probe: ReadinessProbe): Promise<DependencyStatus> {
    const started = this.clock.now().getTime();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([probe.check(), timeout]);
      return { name: probe.name, ok: true, latencyMs: this.clock.now().getTime() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { name: probe.name, ok: false, latencyMs: this.clock.now().getTime() - started, error: message };
    } finally {
      clearTimeout(timer);
    }
  }
}
