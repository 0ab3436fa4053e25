import type { Page } from '../../../shared/common.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import type { ListUsersInput } from './list-users.input.js';

/** Users, newest first, one page at a time (operators). */
export class ListUsers {
  constructor(private readonly users: UserRepository) {}

  async execute(input: ListUsersInput): Promise<Page<PublicUser>> {
    const page = await this.users.list({ limit: input.limit, cursor: input.cursor ?? null });
    return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
  }
}
