import { revokedUntil } from '../../auth/session-tokens.js';
import { normaliseEmail, type PublicUser, toPublicUser } from '../../user.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { DisableUserInput } from './disable-user.input.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Disables a user: they can no longer log in or refresh, every refresh token is revoked and
 * access tokens already issued are refused at once (`tokensValidAfter`). Idempotent.
 */
export class DisableUser {
  constructor(
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: DisableUserInput): Promise<PublicUser> {
    const user = uuid.test(input.user)
      ? await this.users.findById(input.user.toLowerCase())
      : await this.users.findByEmail(normaliseEmail(input.user));
    if (!user) throw new DomainError('user_not_found', 'User not found');
    if (user.status === 'disabled') return toPublicUser(user);
    const now = this.clock.now();
    const disabled = await this.users.update(
      user.id,
      { status: 'disabled', tokensValidAfter: revokedUntil(now) },
      now,
    );
    await this.refreshTokens.revokeAllForUser(user.id, now);
    await this.users.recordSecurityEvent({
      id: this.ids.newId(),
      userId: user.id,
      kind: 'user_disabled',
      details: {},
      createdAt: now,
    });
    return toPublicUser(disabled ?? user);
  }
}
