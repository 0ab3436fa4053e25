import { type AuditContext, auditEntry } from '../audit/index.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { TransactionalRepositories } from '../ports/unit-of-work.port.js';
import type { UserId } from '../shared/common.js';
import { revokedUntil } from './auth/session-tokens.js';
import type { User, UserRole, UserStatus } from './user.js';

export interface UserChange {
  role?: UserRole;
  status?: UserStatus;
}

/** Whether `user` counts towards the administrators who keep the instance manageable. */
export function isActiveAdmin(user: Pick<User, 'role' | 'status'>): boolean {
  return user.role === 'admin' && user.status === 'active';
}

/**
 * Applies a role or status change inside the caller's transaction, with its audit entries.
 * Disabling revokes every refresh token and refuses access tokens already issued at once
 * (`tokensValidAfter`); a role change needs nothing more, since each request reads the role from
 * the database. Fields equal to the current value change nothing and are not audited.
 */
export async function applyUserChange(
  repositories: Pick<TransactionalRepositories, 'users' | 'refreshTokens' | 'audit'>,
  ids: IdGenerator,
  now: Date,
  user: User,
  change: UserChange,
  actor: { actorId: UserId | null; context: AuditContext },
): Promise<User> {
  const role = change.role !== undefined && change.role !== user.role ? change.role : undefined;
  const status = change.status !== undefined && change.status !== user.status ? change.status : undefined;
  if (role === undefined && status === undefined) return user;
  const disabling = status === 'disabled';
  const updated = await repositories.users.update(
    user.id,
    {
      ...(role !== undefined && { role }),
      ...(status !== undefined && { status }),
      ...(disabling && { tokensValidAfter: revokedUntil(now) }),
    },
    now,
  );
  if (disabling) {
    await repositories.refreshTokens.revokeAllForUser(user.id, now);
    await repositories.users.recordSecurityEvent({
      id: ids.newId(),
      userId: user.id,
      kind: 'user_disabled',
      details: {},
      createdAt: now,
    });
  }
  const target = { type: 'user', id: user.id } as const;
  const record = (action: 'user_role_changed' | 'user_status_changed', from: string, to: string) =>
    repositories.audit.record(
      auditEntry(
        ids.newId(),
        now,
        { action, actorId: actor.actorId, target, details: { email: user.email, from, to } },
        actor.context,
      ),
    );
  if (role !== undefined) await record('user_role_changed', user.role, role);
  if (status !== undefined) await record('user_status_changed', user.status, status);
  return updated ?? user;
}
