import type { UserId } from '../../../shared/common.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';

/** The signed-in user as the API shows it (never the password hash). */
export class GetCurrentUser {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: UserId): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('invalid_token', 'Invalid access token');
    return toPublicUser(user);
  }
}
