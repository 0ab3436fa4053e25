import { AuditLog, CheckReadiness, Clock, ListAuditEntries, ReadinessProbe } from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import { allOf, bindClass } from './bind-class.js';

/** Use cases of the service itself (readiness, the audit log). */
export function bindSystemUseCases({ bind }: ContainerModuleLoadOptions): void {
  bindClass(bind, CheckReadiness, [allOf(ReadinessProbe), Clock]);
  bindClass(bind, ListAuditEntries, [AuditLog]);
}
