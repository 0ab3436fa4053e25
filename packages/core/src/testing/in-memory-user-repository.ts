import type { SecurityEvent, User } from '../accounts/user.js';
import type { UserPatch, UserRepository } from '../ports/user.repository.port.js';
import type { Page, PageRequest } from '../shared/common.js';
import { DomainError } from '../shared/domain-error.js';
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

  async replacePendingRegistration(
    id: string,
    registration: Pick<User, 'name' | 'passwordHash'>,
    at: Date,
  ): Promise<User | null> {
    const user = this.db.tables.users.get(id);
    if (!user || user.emailVerifiedAt !== null || user.status !== 'active') return null;
    return this.update(id, { name: registration.name, passwordHash: registration.passwordHash }, at);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    return copy(paginate([...this.db.tables.users.values()], page));
  }

  async countActiveAdmins(): Promise<number> {
    return [...this.db.tables.users.values()].filter(
      (user) => user.role === 'admin' && user.status === 'active',
    ).length;
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
