import type { Page } from '../../../shared/common.js';
import { type Caller, requireAdmin } from '../../../shared/caller.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { ListUsersInput } from './list-users.input.js';

/**
 * Users, newest first, one page at a time. Over HTTP only admins may list them (the caller is
 * checked); an operator on the host (CLI) passes no caller.
 */
export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  async execute(input: ListUsersInput, caller?: Caller): Promise<Page<PublicUser>> {
    if (caller) requireAdmin(caller);
    const page = await this.users.list({ limit: input.limit, cursor: input.cursor ?? null });
    return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
  }
}
