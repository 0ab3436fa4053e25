import {
  type Actor,
  DomainError,
  ListUsers,
  listUsersInput,
  loadAccessibleProject,
  type Project,
  ProjectRepository,
  type PublicUser,
  parseInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type CommandIo, processIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';

/**
 * The operator runs the CLI on the server itself, so it acts as an admin (sees every project).
 * The id is never stored: projects are created on behalf of a real user (see `resolveOwner`).
 */
export const operatorActor: Actor = { id: '00000000-0000-0000-0000-000000000000', role: 'admin' };

const createAdminHint = "chatbuddy users create --admin --email you@example.com --password '<8+ characters>'";

/** Opens a runtime, runs `work`, and always closes it. */
export async function withRuntime<T>(
  openRuntime: RuntimeOpener,
  work: (runtime: ChatBuddy) => Promise<T>,
): Promise<T> {
  const runtime = await openRuntime();
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** Whether output goes to a person at a terminal (progress bars, confirmations). */
export function isInteractive(io: CommandIo): boolean {
  return io === processIo && Boolean(process.stderr.isTTY) && Boolean(process.stdin.isTTY);
}

/** Parses a whole-number option; `invalid_input` naming the flag otherwise. */
export function integerOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(value)) {
    throw new DomainError('invalid_input', `${flag} must be a whole number (got "${value}")`, {
      details: { issues: [{ path: flag, message: 'must be a whole number', code: 'invalid_type' }] },
    });
  }
  return Number.parseInt(value, 10);
}

/** Validates a project id argument (a UUID) before it reaches the database. */
export function projectIdArgument(projectId: string): string {
  const trimmed = projectId.trim().toLowerCase();
  if (!uuidPattern.test(trimmed)) {
    throw new DomainError(
      'invalid_input',
      `"${projectId}" is not a project id (a UUID; see chatbuddy projects list)`,
      {
        details: { issues: [{ path: 'projectId', message: 'must be a UUID', code: 'invalid_format' }] },
      },
    );
  }
  return trimmed;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The project as the use cases need it. @throws DomainError `project_not_found`. */
export function loadProject(runtime: ChatBuddy, projectId: string): Promise<Project> {
  return loadAccessibleProject(runtime.get<ProjectRepository>(ProjectRepository), operatorActor, projectId);
}

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
