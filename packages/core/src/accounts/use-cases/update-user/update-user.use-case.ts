import type { AuditContext } from '../../../audit/index.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { UnitOfWork } from '../../../ports/unit-of-work.port.js';
import { type Caller, requireAdmin } from '../../../shared/caller.js';
import { DomainError } from '../../../shared/domain-error.js';
import { parseInput } from '../../../shared/validation.js';
import { applyUserChange, isActiveAdmin } from '../../user-changes.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import { type UpdateUserInput, updateUserInput } from './update-user.input.js';

const lastAdmin = () =>
  new DomainError('conflict', 'This is the last active administrator: promote another user first', {
    details: { reason: 'last_active_admin' },
  });

/**
 * An administrator changes a user's role or status (admins only; audited). Disabling ends the
 * user's sessions and access tokens at once, as `DisableUser` does. The last active admin can be
 * neither demoted nor disabled (409), so the instance always keeps someone who can manage it.
 */
export class UpdateUser {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(
    caller: Caller,
    userId: string,
    raw: UpdateUserInput,
    context: AuditContext = {},
  ): Promise<PublicUser> {
    requireAdmin(caller);
    const input = parseInput(updateUserInput, raw);
    return this.unitOfWork.run(async (repositories) => {
      const user = await repositories.users.findById(userId.toLowerCase());
      if (!user) throw new DomainError('user_not_found', 'User not found');
      const after = { role: input.role ?? user.role, status: input.status ?? user.status };
      if (isActiveAdmin(user) && !isActiveAdmin(after)) {
        if ((await repositories.users.countActiveAdmins()) <= 1) throw lastAdmin();
      }
      const changed = await applyUserChange(repositories, this.ids, this.clock.now(), user, input, {
        actorId: caller.id,
        context,
      });
      return toPublicUser(changed);
    });
  }
}
