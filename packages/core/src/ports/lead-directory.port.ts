import type { Lead } from '../assistant/index.js';
import type { LeadId, Page, PageRequest, ProjectId } from '../shared/common.js';

/** Which leads a listing shows. */
export interface LeadFilter {
  /** true: verified only; false: unverified only; absent: both. */
  verified?: boolean;
  /** Case-insensitive substring of the name or email, taken literally (`%` and `_` are plain). */
  search?: string;
}

/** What a retention pass removed. */
export interface PurgeOutcome {
  leads: number;
  conversations: number;
}

/**
 * The business side of a project's leads: listing, search, erasure and retention. Every call is
 * scoped to a project; another project's lead is treated as missing.
 */
export const LeadDirectory = Symbol.for('chatbuddy.LeadDirectory');
export interface LeadDirectory {
  /** Leads newest first (by creation, ties by id), keyset-paginated. Throws `invalid_input` for a bad cursor. */
  list(projectId: ProjectId, filter: LeadFilter, page: PageRequest): Promise<Page<Lead>>;
  count(projectId: ProjectId, filter: LeadFilter): Promise<number>;
  findById(projectId: ProjectId, leadId: LeadId): Promise<Lead | null>;
  /**
   * Erases a lead with its OTPs, its assistant sessions and their conversations (messages and
   * feedback), all in one transaction. Returns false (and changes nothing) when the lead is not
   * the project's.
   */
  erase(projectId: ProjectId, leadId: LeadId): Promise<boolean>;
  /**
   * Retention: erases (as `erase`) up to `limit` leads last updated before `cutoff`, and up to
   * `limit` conversations last updated before it. Callers repeat while a count equals `limit`.
   */
  purgeInactiveBefore(projectId: ProjectId, cutoff: Date, limit: number): Promise<PurgeOutcome>;
}
