import type { Otp, OtpPurpose } from '../accounts/user.js';
import type { OtpRepository } from '../ports/otp.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

export class InMemoryOtpRepository implements OtpRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(otp: Otp): Promise<void> {
    this.db.tables.otps.set(otp.id, copy(otp));
  }

  async findLatestActive(userId: string, purpose: OtpPurpose): Promise<Otp | null> {
    const open = [...this.db.tables.otps.values()]
      .filter((otp) => otp.userId === userId && otp.purpose === purpose && otp.consumedAt === null)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return open[0] ? copy(open[0]) : null;
  }

  async recordFailedAttempt(id: string): Promise<number> {
    const otp = this.db.tables.otps.get(id);
    if (!otp) return 0;
    otp.attempts += 1;
    return otp.attempts;
  }

  async consume(id: string, at: Date): Promise<boolean> {
    const otp = this.db.tables.otps.get(id);
    if (!otp || otp.consumedAt) return false;
    otp.consumedAt = at;
    return true;
  }

  async invalidateAll(userId: string, purpose: OtpPurpose, at: Date): Promise<void> {
    for (const otp of this.db.tables.otps.values()) {
      if (otp.userId === userId && otp.purpose === purpose && otp.consumedAt === null) otp.consumedAt = at;
    }
  }
}
