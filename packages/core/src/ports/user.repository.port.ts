import type { Page, PageRequest, UserId } from '../shared/common.js';
import type { SecurityEvent, User } from '../accounts/index.js';

export type UserPatch = Partial<
  Pick<User, 'name' | 'passwordHash' | 'role' | 'status' | 'emailVerifiedAt' | 'tokensValidAfter'>
>;

/** Dashboard users. Emails are stored normalised and are unique. */
export const UserRepository = Symbol.for('chatbuddy.UserRepository');
export interface UserRepository {
  /**
   * Stores a new user.
   * @throws DomainError `email_already_exists`.
   */
  create(user: User): Promise<User>;
  findById(id: UserId): Promise<User | null>;
  /** Looks up by normalised email. */
  findByEmail(email: string): Promise<User | null>;
  /** Applies `patch` (and bumps `updatedAt` to `at`); null when the user does not exist. */
  update(id: UserId, patch: UserPatch, at: Date): Promise<User | null>;
  /**
   * Replaces the name and password of a registration whose email is not verified yet (and whose
   * account is active), in one conditional step; null when the user does not exist or no longer
   * qualifies (verified meanwhile, or disabled).
   */
  replacePendingRegistration(
    id: UserId,
    registration: Pick<User, 'name' | 'passwordHash'>,
    at: Date,
  ): Promise<User | null>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<User>>;
  /**
   * How many users are admins with status `active`. Inside a transaction it locks those rows until
   * the transaction ends, so two concurrent demotions cannot both count the other admin.
   */
  countActiveAdmins(): Promise<number>;
  /** Appends to the security log. */
  recordSecurityEvent(event: SecurityEvent): Promise<void>;
  /** Security log of a user, newest first. */
  listSecurityEvents(userId: UserId, limit: number): Promise<SecurityEvent[]>;
}
