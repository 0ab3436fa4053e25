import type { RefreshToken } from '../accounts/user.js';
import type { RefreshTokenRepository } from '../ports/refresh-token.repository.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

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
