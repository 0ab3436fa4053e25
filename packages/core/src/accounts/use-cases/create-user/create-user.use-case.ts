import { parseInput } from '../../../shared/validation.js';
import { type PublicUser, toPublicUser } from '../../user.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { IdGenerator } from '../../../ports/id-generator.port.js';
import type { PasswordHasher } from '../../../ports/password-hasher.port.js';
import type { UserRepository } from '../../../ports/user.repository.port.js';
import { type CreateUserInput, createUserInput } from './create-user.input.js';

/**
 * Creates a user on an operator's behalf (CLI), verified at once. Unlike public registration it
 * says plainly when the address is taken (`email_already_exists`): operators may know that.
 */
export class CreateUser {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(raw: CreateUserInput): Promise<PublicUser> {
    const input = parseInput(createUserInput, raw);
    const now = this.clock.now();
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.users.create({
      id: this.ids.newId(),
      email: input.email,
      name: input.name ?? input.email.split('@')[0]!,
      passwordHash,
      role: input.role,
      status: 'active',
      emailVerifiedAt: now,
      tokensValidAfter: now,
      createdAt: now,
      updatedAt: now,
    });
    return toPublicUser(user);
  }
}
