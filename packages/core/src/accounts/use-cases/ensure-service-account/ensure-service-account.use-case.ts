import type { UserId } from '../../../shared/common.js';
import { isDomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { User } from '../../user.js';

/** The address of the service account; `.invalid` can never receive mail. */
export const serviceAccountEmail = 'embedded-service@chatbuddy.invalid';
/** Not a password hash: no password ever verifies against it, so the account cannot log in. */
export const serviceAccountPasswordHash = '!service-account';

/**
 * The user that owns projects created through the embedding API when the host application has
 * no users of its own: found by its fixed address, or created (active, verified, role `user`, no
 * usable password). Two first calls at once agree on one account.
 */
export class EnsureServiceAccount {
  constructor(
    private readonly users: UserRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<UserId> {
    const existing = await this.users.findByEmail(serviceAccountEmail);
    if (existing) return existing.id;
    try {
      return (await this.users.create(this.newAccount())).id;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'email_already_exists') throw error;
      const winner = await this.users.findByEmail(serviceAccountEmail);
      if (!winner) throw error;
      return winner.id;
    }
  }

  private newAccount(): User {
    const now = this.clock.now();
    return {
      id: this.ids.newId(),
      email: serviceAccountEmail,
      name: 'Embedded service',
      passwordHash: serviceAccountPasswordHash,
      role: 'user',
      status: 'active',
      emailVerifiedAt: now,
      tokensValidAfter: now,
      createdAt: now,
      updatedAt: now,
    };
  }
}
