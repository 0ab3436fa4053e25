import type { Page, PageRequest, SecurityEvent, User, UserPatch, UserRepository } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema/index.js';
import type { UserRow } from '../schema/users.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';

function toUser(row: Selectable<UserRow>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    role: row.role as User['role'],
    status: row.status as User['status'],
    emailVerifiedAt: row.email_verified_at,
    tokensValidAfter: row.tokens_valid_after,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Users and the security log on PostgreSQL / PGlite. */
export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: User): Promise<User> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        name: user.name,
        password_hash: user.passwordHash,
        role: user.role,
        status: user.status,
        email_verified_at: user.emailVerifiedAt,
        tokens_valid_after: user.tokensValidAfter,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      })
      .execute();
    return structuredClone(user);
  }

  async findById(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async update(id: string, patch: UserPatch, at: Date): Promise<User | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .updateTable('users')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.emailVerifiedAt !== undefined && { email_verified_at: patch.emailVerifiedAt }),
        ...(patch.tokensValidAfter !== undefined && { tokens_valid_after: patch.tokensValidAfter }),
        updated_at: at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async replacePendingRegistration(
    id: string,
    registration: Pick<User, 'name' | 'passwordHash'>,
    at: Date,
  ): Promise<User | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .updateTable('users')
      .set({ name: registration.name, password_hash: registration.passwordHash, updated_at: at })
      .where('id', '=', id)
      .where('email_verified_at', 'is', null)
      .where('status', '=', 'active')
      .returningAll()
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where(afterCursor(page))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toUser), page);
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .forUpdate()
      .execute();
    return rows.length;
  }

  async recordSecurityEvent(event: SecurityEvent): Promise<void> {
    await this.db
      .insertInto('security_events')
      .values({
        id: event.id,
        user_id: event.userId,
        kind: event.kind,
        details: JSON.stringify(event.details),
        created_at: event.createdAt,
      })
      .execute();
  }

  async listSecurityEvents(userId: string, limit: number): Promise<SecurityEvent[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.db
      .selectFrom('security_events')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      kind: row.kind as SecurityEvent['kind'],
      details: row.details,
      createdAt: row.created_at,
    }));
  }
}
