import type { ProjectId } from '../shared/common.js';

export interface IdempotencyRecord {
  projectId: ProjectId;
  key: string;
  /** Hash of the request (method, route and body) the key was first used with. */
  requestHash: string;
  state: 'running' | 'completed';
  /** Status and body of the first result, once completed. */
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  expiresAt: Date;
}

/** Remembers results of requests sent with an `Idempotency-Key`, per project. */
export const IdempotencyRepository = Symbol.for('chatbuddy.IdempotencyRepository');
export interface IdempotencyRepository {
  /**
   * Claims `key` for a request. Returns null when the claim is new (the caller runs the request),
   * or the existing unexpired record (running or completed). Expired records are replaced.
   */
  claim(record: IdempotencyRecord): Promise<IdempotencyRecord | null>;
  /** Stores the result of a claimed key. */
  complete(projectId: ProjectId, key: string, status: number, body: unknown): Promise<void>;
  /** Releases a claim whose request failed without a result worth replaying. */
  release(projectId: ProjectId, key: string): Promise<void>;
}
