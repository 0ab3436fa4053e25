import { DomainError } from './domain-error.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdempotencyRepository } from '../ports/idempotency.repository.port.js';

export interface IdempotentRequest {
  projectId: string;
  key: string;
  /** Hash of method, route and body: the same key with another body is refused. */
  requestHash: string;
}

export interface IdempotentResult {
  status: number;
  body: unknown;
  /** True when this is the stored result of an earlier request. */
  replayed: boolean;
}

/** How long keys are remembered (the spec asks for at least 24 hours). */
export const idempotencyTtlMs = 24 * 3600 * 1000;

/**
 * Runs `work` at most once per (project, key): a repeat with the same body gets the first result;
 * with another body, 422 `idempotency_key_mismatch`; while the first still runs, 409
 * `idempotency_key_in_use`. Failures are not remembered, so a failed request can be retried.
 */
export async function runIdempotent(
  store: IdempotencyRepository,
  clock: Clock,
  request: IdempotentRequest,
  work: () => Promise<{ status: number; body: unknown }>,
): Promise<IdempotentResult> {
  const now = clock.now();
  const existing = await store.claim({
    projectId: request.projectId,
    key: request.key,
    requestHash: request.requestHash,
    state: 'running',
    responseStatus: null,
    responseBody: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + idempotencyTtlMs),
  });
  if (existing) {
    if (existing.requestHash !== request.requestHash) {
      throw new DomainError(
        'idempotency_key_mismatch',
        'This Idempotency-Key was used with a different request',
      );
    }
    if (existing.state === 'running') {
      throw new DomainError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running',
        { retryAfterSeconds: 1 },
      );
    }
    return { status: existing.responseStatus ?? 200, body: existing.responseBody, replayed: true };
  }
  try {
    const result = await work();
    await store.complete(request.projectId, request.key, result.status, result.body);
    return { ...result, replayed: false };
  } catch (error) {
    await store.release(request.projectId, request.key).catch(() => undefined);
    throw error;
  }
}
