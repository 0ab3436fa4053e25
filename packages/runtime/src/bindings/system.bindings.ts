import { CheckReadiness, Clock, ReadinessProbe } from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';

/** Use cases of the service itself (readiness). */
export function bindSystemUseCases({ bind }: ContainerModuleLoadOptions): void {
  bind(CheckReadiness)
    .toResolvedValue(
      (probes: ReadinessProbe[], clock: Clock) => new CheckReadiness(probes, clock),
      [{ serviceIdentifier: ReadinessProbe, isMultiple: true }, Clock],
    )
    .inSingletonScope();
}
