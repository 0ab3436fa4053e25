import type { ApiKeyId, ProjectId } from '../shared/common.js';
import type { ApiKey, Project } from '../projects/index.js';

/** A key found by its prefix, with what a request authenticated by it reads next. */
export interface KeyWithProject {
  key: ApiKey;
  project: Project;
  curatedRevision: string;
}

/** Project keys (hashed), looked up by their visible prefix. */
export const ApiKeyRepository = Symbol.for('chatbuddy.ApiKeyRepository');
export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  /**
   * The key with this prefix, whatever its state (the caller checks revocation and expiry), its
   * project and the project's curated-answer revision (`CuratedAnswerRepository.revision`, read
   * now), in one read (authentication of every request; the chat needs the revision next).
   */
  findByPrefixWithProject(prefix: string): Promise<KeyWithProject | null>;
  listByProject(projectId: ProjectId): Promise<ApiKey[]>;
  /** Sets `expiresAt` (grace period) or `revokedAt` of a key. */
  update(id: ApiKeyId, patch: Partial<Pick<ApiKey, 'expiresAt' | 'revokedAt'>>): Promise<void>;
}
