import type { Otp, OtpPurpose, OtpRepository } from '@chatbuddy/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema/index.js';
import type { OtpRow } from '../schema/otps.js';
import { isUuid } from './keyset.js';
import { consumeCode, recordCodeAttempt } from './otp-attempts.js';

function toOtp(row: Selectable<OtpRow>): Otp {
  return {
    id: row.id,
    userId: row.user_id,
    purpose: row.purpose as OtpPurpose,
    codeHash: row.code_hash,
    attempts: row.attempts,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    createdAt: row.created_at,
  };
}

/** Email OTPs; attempts and consumption are single atomic statements. */
export class KyselyOtpRepository implements OtpRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(otp: Otp): Promise<void> {
    await this.db
      .insertInto('otps')
      .values({
        id: otp.id,
        user_id: otp.userId,
        purpose: otp.purpose,
        code_hash: otp.codeHash,
        attempts: otp.attempts,
        expires_at: otp.expiresAt,
        consumed_at: otp.consumedAt,
        created_at: otp.createdAt,
      })
      .execute();
  }

  async findLatestActive(userId: string, purpose: OtpPurpose): Promise<Otp | null> {
    if (!isUuid(userId)) return null;
    const row = await this.db
      .selectFrom('otps')
      .selectAll()
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toOtp(row) : null;
  }

  recordFailedAttempt(id: string): Promise<number> {
    return recordCodeAttempt(this.db, 'otps', id);
  }

  consume(id: string, at: Date): Promise<boolean> {
    return consumeCode(this.db, 'otps', id, at);
  }

  async invalidateAll(userId: string, purpose: OtpPurpose, at: Date): Promise<void> {
    if (!isUuid(userId)) return;
    await this.db
      .updateTable('otps')
      .set({ consumed_at: at })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .execute();
  }
}
