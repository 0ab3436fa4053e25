import type { Page, PageRequest, ProjectId, UserId } from '../shared/common.js';
import type { Project } from '../projects/index.js';

export type ProjectPatch = Partial<
  Pick<
    Project,
    | 'name'
    | 'modelProvider'
    | 'modelConfig'
    | 'systemPrompt'
    | 'assistant'
    | 'allowedOrigins'
    | 'tokenLimit'
    | 'tokenLimitPeriod'
    | 'embeddingModel'
    | 'metadata'
  >
>;

/** Projects (tenants) and their token counters. */
/** A reservation held by one model call until it is settled, released or expires. */
export interface TokenLease {
  id: string;
  expiresAt: Date;
}

export const ProjectRepository = Symbol.for('chatbuddy.ProjectRepository');
export interface ProjectRepository {
  create(project: Project): Promise<Project>;
  findById(id: ProjectId): Promise<Project | null>;
  /** Newest first; only the owner's projects when `ownerId` is given. */
  list(filter: { ownerId?: UserId }, page: PageRequest): Promise<Page<Project>>;
  /** Applies `patch`; null when the project does not exist. */
  update(id: ProjectId, patch: ProjectPatch, at: Date): Promise<Project | null>;
  /** Deletes the project and, by cascade, every row that belongs to it. False if absent. */
  delete(id: ProjectId): Promise<boolean>;
  /**
   * Projects deleted (by `delete`, which notes them in the same step) whose vectors may still be
   * in a vector store outside the database, oldest first.
   */
  deletedWithVectors(limit: number): Promise<ProjectId[]>;
  /**
   * Notes that a deleted project's vectors are gone (clears what `deletedWithVectors` lists), if
   * it was deleted at least `settledMs` ago by the store's clock (any time when 0 or omitted);
   * true when the note was cleared.
   */
  vectorsDropped(id: ProjectId, settledMs?: number): Promise<boolean>;
  /**
   * Atomically reserves `tokens` if the project is under its limit counting running
   * reservations (`used + reserved < limit`, or no limit), where `used` is what the budget period
   * containing `at` has charged: the UTC month's tokens (`periodTokensUsed` while `periodStart`
   * is that month, else 0) or, for a lifetime budget, `tokensUsed`. Concurrent reservations can
   * overshoot the limit by at most one reservation. False when the budget is spent.
   *
   * With a `lease`, the reservation is also stored (in the same step) as a lease that vouches for
   * it until `lease.expiresAt`: releasing or settling the lease gives its tokens back once, and
   * `releaseExpiredLeases` gives back those a stopped process left behind.
   */
  reserveTokens(id: ProjectId, tokens: number, at: Date, lease?: TokenLease): Promise<boolean>;
  /**
   * Releases a reservation without charging anything (a call that failed before spending).
   * Tokens are charged only by `UsageRepository.record`, with the event that explains them.
   * With `leaseId`, the lease's tokens are given back if it is still held (else nothing).
   */
  releaseTokens(id: ProjectId, reserved: number, leaseId?: string): Promise<void>;
  /**
   * Gives back the tokens of every lease expired at `at` (all of them with `at` = null: no
   * call of this process is running) and removes the leases; returns how many were released.
   */
  releaseExpiredLeases(at: Date | null): Promise<number>;
}
