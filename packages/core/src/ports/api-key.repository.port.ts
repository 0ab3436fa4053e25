import type { ApiKeyId, ProjectId } from '../shared/common.js';
import type { ApiKey, Project } from '../projects/index.js';

/** Project keys (hashed), looked up by their visible prefix. */
export const ApiKeyRepository = Symbol.for('chatbuddy.ApiKeyRepository');
export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  /**
   * The key with this prefix, whatever its state (the caller checks revocation and expiry), and
   * its project, in one read (authentication of every request).
   */
  findByPrefixWithProject(prefix: string): Promise<{ key: ApiKey; project: Project } | null>;
  listByProject(projectId: ProjectId): Promise<ApiKey[]>;
  /** Sets `expiresAt` (grace period) or `revokedAt` of a key. */
  update(id: ApiKeyId, patch: Partial<Pick<ApiKey, 'expiresAt' | 'revokedAt'>>): Promise<void>;
}
