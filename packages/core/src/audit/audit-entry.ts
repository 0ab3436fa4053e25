import type { UserId } from '../shared/common.js';

/** What the audit log records: security-relevant actions an administrator may have to review. */
export const auditActions = [
  'login_succeeded',
  'login_failed',
  'refresh_token_reused',
  'api_key_rotated',
  'project_deleted',
  'user_role_changed',
  'user_status_changed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditTargetTypes = ['user', 'project'] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

export type AuditDetails = Record<string, string | number | boolean | null>;

/** One line of the audit log. Entries are only ever appended. */
export interface AuditEntry {
  id: string;
  action: AuditAction;
  /** The user who acted; null for an operator on the host (CLI) or an unknown login email. */
  actorId: UserId | null;
  targetType: AuditTargetType | null;
  targetId: string | null;
  /** The HTTP request that caused the entry (`x-request-id`), when there was one. */
  requestId: string | null;
  clientIp: string | null;
  details: AuditDetails;
  createdAt: Date;
}

/** Where a use case was called from: what an audit entry needs beyond the action itself. */
export interface AuditContext {
  requestId?: string;
  clientIp?: string;
}

/** What a use case says about an action; `auditEntry` completes it. */
export interface AuditFacts {
  action: AuditAction;
  actorId: UserId | null;
  target?: { type: AuditTargetType; id: string };
  details?: AuditDetails;
}

/** A complete entry from the facts of an action and the context of its request. */
export function auditEntry(id: string, at: Date, facts: AuditFacts, context: AuditContext = {}): AuditEntry {
  return {
    id,
    action: facts.action,
    actorId: facts.actorId,
    targetType: facts.target?.type ?? null,
    targetId: facts.target?.id ?? null,
    requestId: context.requestId ?? null,
    clientIp: context.clientIp ?? null,
    details: facts.details ?? {},
    createdAt: at,
  };
}

/** Filter of an audit listing; every field narrows it. */
export interface AuditFilter {
  actions?: readonly AuditAction[];
  actorId?: UserId;
  /** Inclusive lower bound of `createdAt`. */
  since?: Date;
  /** Exclusive upper bound of `createdAt`. */
  until?: Date;
}

/** An audit entry as the API and CLI show it. */
export interface AuditEntryView {
  id: string;
  action: AuditAction;
  actorId: string | null;
  target: { type: AuditTargetType; id: string } | null;
  requestId: string | null;
  clientIp: string | null;
  details: AuditDetails;
  createdAt: string;
}

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    action: entry.action,
    actorId: entry.actorId,
    target: entry.targetType && entry.targetId ? { type: entry.targetType, id: entry.targetId } : null,
    requestId: entry.requestId,
    clientIp: entry.clientIp,
    details: entry.details,
    createdAt: entry.createdAt.toISOString(),
  };
}
