import {
  CreateUser,
  createUserInput,
  DisableUser,
  disableUserInput,
  ListUsers,
  listUsersInput,
  type PublicUser,
  parseInput,
} from '@chatbuddy/core';
import type { Command } from 'commander';
import { alignedTable, type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { positiveIntegerOption } from './arguments.js';
import { withRuntime } from './operator.js';

function describeUser(user: PublicUser): string {
  const flags = [user.role, user.status, user.emailVerified ? 'verified' : 'unverified'].join(', ');
  return `${user.email} (${flags}) id ${user.id}`;
}

function table(users: readonly PublicUser[]): string {
  if (users.length === 0) return 'No users.';
  const rows = users.map((user) => [
    user.email,
    user.role,
    user.status,
    user.emailVerified ? 'yes' : 'no',
    user.createdAt,
    user.id,
  ]);
  const header = ['EMAIL', 'ROLE', 'STATUS', 'VERIFIED', 'CREATED', 'ID'];
  return alignedTable(header, rows);
}

/** `chatbuddy users create|list|disable`: dashboard accounts, for operators. */
export function registerUsersCommands(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  const users = program.command('users').description('Manage dashboard users');
  users
    .command('create')
    .description('Create a user whose email is verified at once')
    .requiredOption('--email <email>', 'email address (normalised: trimmed, lower-cased)')
    .requiredOption('--password <password>', '8–128 characters, not a common password')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--admin', 'give the user the admin role (sees every project)')
    .option('--json', 'machine-readable output')
    .action(
      async (options: {
        email: string;
        password: string;
        name?: string;
        admin?: boolean;
        json?: boolean;
      }) => {
        const input = parseInput(createUserInput, {
          email: options.email,
          password: options.password,
          name: options.name,
          role: options.admin ? 'admin' : 'user',
        });
        // The first command of a new installation: a new data folder is expected, not announced.
        const user = await withRuntime(openRuntime, (runtime) => runtime.get(CreateUser).execute(input), {});
        print(io, Boolean(options.json), { user }, () => `Created ${describeUser(user)}`);
      },
    );
  users
    .command('list')
    .description('List users, newest first')
    .option('--limit <count>', 'users per page (1–200)', '50')
    .option('--cursor <cursor>', 'the nextCursor of a previous page')
    .option('--json', 'machine-readable output')
    .action(async (options: { limit: string; cursor?: string; json?: boolean }) => {
      const input = parseInput(listUsersInput, {
        limit: positiveIntegerOption('--limit', options.limit),
        cursor: options.cursor,
      });
      const page = await withRuntime(openRuntime, (runtime) => runtime.get(ListUsers).execute(input));
      print(io, Boolean(options.json), page, () =>
        page.nextCursor ? `${table(page.items)}\n\nMore: --cursor ${page.nextCursor}` : table(page.items),
      );
    });
  users
    .command('disable')
    .description('Disable a user: no login or refresh, and their tokens stop working at once')
    .argument('<user>', 'user id or email')
    .option('--json', 'machine-readable output')
    .action(async (user: string, options: { json?: boolean }) => {
      const input = parseInput(disableUserInput, { user });
      const disabled = await withRuntime(openRuntime, (runtime) => runtime.get(DisableUser).execute(input));
      print(io, Boolean(options.json), { user: disabled }, () => `Disabled ${describeUser(disabled)}`);
    });
}
