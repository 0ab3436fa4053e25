import type { RefreshToken, RefreshTokenRepository } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema/index.js';
import type { RefreshTokenRow } from '../schema/refresh-tokens.js';
import { isUuid } from './keyset.js';

function toToken(row: Selectable<RefreshTokenRow>): RefreshToken {
  return {
    id: row.id,
    userId: row.user_id,
    familyId: row.family_id,
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

/** Refresh tokens; rotation is one compare-and-set statement. */
export class KyselyRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: RefreshToken): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        id: token.id,
        user_id: token.userId,
        family_id: token.familyId,
        token_hash: token.tokenHash,
        expires_at: token.expiresAt,
        rotated_at: token.rotatedAt,
        revoked_at: token.revokedAt,
        created_at: token.createdAt,
      })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toToken(row) : null;
  }

  /** One conditional UPDATE: a concurrent rotation blocks on the row, then finds it taken. */
  async markRotated(id: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ rotated_at: at })
      .where('id', '=', id)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    if (!isUuid(userId)) return;
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
