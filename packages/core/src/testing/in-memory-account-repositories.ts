import type { Page, PageRequest } from '../shared/common.js';
import type { Otp, OtpPurpose, RefreshToken, SecurityEvent, User } from '../accounts/user.js';
import { DomainError } from '../shared/domain-error.js';
import type { OtpRepository } from '../ports/otp.repository.port.js';
import type { RefreshTokenRepository } from '../ports/refresh-token.repository.port.js';
import type { UserPatch, UserRepository } from '../ports/user.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { paginate } from './paging.js';

const copy = structuredClone;

export class InMemoryUserRepository implements UserRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(user: User): Promise<User> {
    const users = this.db.tables.users;
    if ([...users.values()].some((existing) => existing.email === user.email)) {
      throw new DomainError('email_already_exists', 'A user with this email already exists');
    }
    users.set(user.id, copy(user));
    return copy(user);
  }

  async findById(id: string): Promise<User | null> {
    const user = this.db.tables.users.get(id);
    return user ? copy(user) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const user = [...this.db.tables.users.values()].find((candidate) => candidate.email === email);
    return user ? copy(user) : null;
  }

  async update(id: string, patch: UserPatch, at: Date): Promise<User | null> {
    const user = this.db.tables.users.get(id);
    if (!user) return null;
    const updated = { ...user, ...copy(patch), updatedAt: at };
    this.db.tables.users.set(id, updated);
    return copy(updated);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    return copy(paginate([...this.db.tables.users.values()], page));
  }

  async recordSecurityEvent(event: SecurityEvent): Promise<void> {
    this.db.tables.securityEvents.push(copy(event));
  }

  async listSecurityEvents(userId: string, limit: number): Promise<SecurityEvent[]> {
    return copy(
      this.db.tables.securityEvents
        .filter((event) => event.userId === userId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit),
    );
  }
}

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

export class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(token: RefreshToken): Promise<void> {
    this.db.tables.refreshTokens.set(token.id, copy(token));
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | null> {
    const token = [...this.db.tables.refreshTokens.values()].find((row) => row.tokenHash === tokenHash);
    return token ? copy(token) : null;
  }

  async markRotated(id: string, at: Date): Promise<boolean> {
    const token = this.db.tables.refreshTokens.get(id);
    if (!token || token.rotatedAt || token.revokedAt) return false;
    token.rotatedAt = at;
    return true;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    for (const token of this.db.tables.refreshTokens.values()) {
      if (token.familyId === familyId && !token.revokedAt) token.revokedAt = at;
    }
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return [...this.db.tables.refreshTokens.values()].some(
      (token) => token.familyId === familyId && token.revokedAt !== null,
    );
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    for (const token of this.db.tables.refreshTokens.values()) {
      if (token.userId === userId && !token.revokedAt) token.revokedAt = at;
    }
  }
}
