import { DomainError, ListUsers, listUsersInput, type PublicUser, parseInput } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';

const createAdminHint = "chatbuddy users create --admin --email you@example.com --password '<8+ characters>'";

/**
 * The owner of a new project: the user with `email`, or else the oldest admin.
 * @throws DomainError `user_not_found` (saying how to create one) or `invalid_state` (disabled owner).
 */
export async function resolveOwner(runtime: ChatBuddy, email: string | undefined): Promise<PublicUser> {
  const wanted = email?.trim().toLowerCase();
  const listUsers = runtime.get(ListUsers);
  let oldestAdmin: PublicUser | undefined;
  let seenAnyUser = false;
  let cursor: string | undefined;
  // Users come newest first; the last admin seen is the first one created. Bounded: 10 000 pages.
  for (let pageNumber = 0; pageNumber < 10_000; pageNumber += 1) {
    const page = await listUsers.execute(parseInput(listUsersInput, { limit: 200, cursor }));
    seenAnyUser ||= page.items.length > 0;
    for (const user of page.items) {
      if (wanted && user.email === wanted) return usableOwner(user);
      if (!wanted && user.role === 'admin' && user.status === 'active') oldestAdmin = user;
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (wanted) {
    throw new DomainError('user_not_found', `No user has the email ${wanted}`, {
      details: { email: wanted, hint: 'chatbuddy users list' },
    });
  }
  if (oldestAdmin) return oldestAdmin;
  throw new DomainError(
    'user_not_found',
    seenAnyUser
      ? `No active admin to own the project. Pass --owner <email>, or create an admin: ${createAdminHint}`
      : `There are no users yet; a project needs an owner. Create one first: ${createAdminHint}`,
  );
}

function usableOwner(user: PublicUser): PublicUser {
  if (user.status !== 'active') {
    throw new DomainError('invalid_state', `The user ${user.email} is disabled and cannot own a project`);
  }
  return user;
}
