import { normaliseEmail, type PublicUser, toPublicUser } from '../../user.js';
import { applyUserChange } from '../../user-changes.js';
import { DomainError } from '../../../shared/domain-error.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import type { DisableUserInput } from './disable-user.input.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Disables a user (an operator on the host, CLI): they can no longer log in or refresh, every
 * refresh token is revoked and access tokens already issued are refused at once
 * (`tokensValidAfter`); audited with no actor. Idempotent.
 */
export class DisableUser {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(input: DisableUserInput): Promise<PublicUser> {
    return this.unitOfWork.run(async (repositories) => {
      const user = uuid.test(input.user)
        ? await repositories.users.findById(input.user.toLowerCase())
        : await repositories.users.findByEmail(normaliseEmail(input.user));
      if (!user) throw new DomainError('user_not_found', 'User not found');
      const now = this.clock.now();
      const disabled = await applyUserChange(
        repositories,
        this.ids,
        now,
        user,
        { status: 'disabled' },
        { actorId: null, context: {} },
      );
      return toPublicUser(disabled);
    });
  }
}
