import { DomainError, isDomainError } from '@chatbuddy/core';

/** What went wrong in one attempt, as far as retrying and reporting care. */
export type FailureKind =
  | 'cancelled'
  | 'timeout'
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'connection'
  | 'credentials'
  | 'rejected'
  | 'bad_response';

export interface ProviderFailure {
  kind: FailureKind;
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  /** Pause the provider asked for, in milliseconds. */
  retryAfterMs?: number;
}

/** What one attempt observed on the wire (filled in by the tracked fetch). */
export interface AttemptObservation {
  callerAborted: boolean;
  timedOut: boolean;
  connectionFailed: boolean;
  status?: number;
  retryAfterMs?: number;
}

const retryableKinds = new Set<FailureKind>(['rate_limited', 'overloaded', 'server', 'connection']);

/** Whether another attempt may succeed (timeouts are not retried: they would multiply the wait). */
export const isRetryable = (failure: ProviderFailure): boolean => retryableKinds.has(failure.kind);

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Classifies an SDK error from what the attempt saw; the SDK's own error only fills gaps. */
export function classifyFailure(error: unknown, observed: AttemptObservation): ProviderFailure {
  if (observed.callerAborted) return { kind: 'cancelled' };
  if (observed.timedOut) return { kind: 'timeout' };
  const status = observed.status !== undefined && observed.status >= 400 ? observed.status : statusOf(error);
  const retryAfterMs = observed.retryAfterMs;
  if (status === 400 && String((error as Error)?.message).includes('API_KEY_INVALID')) {
    // Gemini answers a bad key with 400 rather than 401.
    return { kind: 'credentials', status };
  }
  if (status !== undefined) return { kind: kindOfStatus(status), status, retryAfterMs };
  if (observed.connectionFailed || hasConnectionCode(error)) return { kind: 'connection' };
  return { kind: 'bad_response' };
}

function kindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rate_limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'credentials';
  return 'rejected';
}

/** The HTTP status an SDK error carries (`status` in OpenAI, Groq, Gemini; `status_code` in Ollama). */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { status?: unknown; status_code?: unknown };
  const status = typeof record.status === 'number' ? record.status : record.status_code;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function hasConnectionCode(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface FailureContext {
  /** Display name, e.g. `OpenAI`. */
  provider: string;
  attempts: number;
  timeoutMs: number;
}

/**
 * The DomainError a failure surfaces as (after retries where the kind allows them):
 *
 * | failure                               | code                   | retryable | retryAfterSeconds |
 * |---------------------------------------|------------------------|-----------|-------------------|
 * | 429                                   | provider_unavailable   | yes       | Retry-After or 5  |
 * | 503, 529 (overloaded), connection     | provider_unavailable   | yes       | Retry-After or 5  |
 * | other 5xx                             | provider_error         | yes       | –                 |
 * | our timeout, 408, 504                 | provider_timeout       | yes       | –                 |
 * | 401, 403, Gemini 400 API_KEY_INVALID  | provider_error         | no        | –                 |
 * | other 4xx                             | provider_error         | no        | –                 |
 * | unreadable response                   | provider_error         | no        | –                 |
 * | caller aborted                        | provider_error         | no        | –                 |
 * Messages are written here, never copied from the SDK or
 * the provider, so neither an API key nor a raw vendor error can reach a client or a log.
 */
export function providerError(failure: ProviderFailure, context: FailureContext): DomainError {
  const { provider, attempts } = context;
  const details = { provider: provider.toLowerCase(), status: failure.status, attempts };
  const retryAfterSeconds = Math.max(1, Math.ceil((failure.retryAfterMs ?? 5_000) / 1000));
  switch (failure.kind) {
    case 'cancelled':
      return new DomainError('provider_error', `The ${provider} call was cancelled`, { details });
    case 'timeout':
      return new DomainError(
        'provider_timeout',
        `${provider} did not answer within ${context.timeoutMs} ms`,
        {
          details,
          retryable: true,
        },
      );
    case 'rate_limited':
      return new DomainError(
        'provider_unavailable',
        `${provider} is rate limiting requests; try again later`,
        {
          details,
          retryable: true,
          retryAfterSeconds,
        },
      );
    case 'overloaded':
    case 'connection':
      return new DomainError(
        'provider_unavailable',
        failure.kind === 'connection'
          ? `${provider} cannot be reached`
          : `${provider} is overloaded; try again later`,
        { details, retryable: true, retryAfterSeconds },
      );
    case 'server':
      return new DomainError('provider_error', `${provider} failed (HTTP ${failure.status})`, {
        details,
        retryable: true,
      });
    case 'credentials':
      return new DomainError(
        'provider_error',
        `${provider} refused the configured API key (HTTP ${failure.status}); check the key and its permissions`,
        { details },
      );
    case 'rejected':
      return new DomainError('provider_error', `${provider} rejected the request (HTTP ${failure.status})`, {
        details,
      });
    case 'bad_response':
      return new DomainError('provider_error', `${provider} sent a response that could not be read`, {
        details,
      });
  }
}

/** Our own DomainErrors (e.g. a wrong vector size) pass through untouched. */
export const passThrough = (error: unknown): DomainError | null => (isDomainError(error) ? error : null);
