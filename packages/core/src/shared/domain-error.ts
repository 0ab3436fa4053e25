/**
 * Stable error codes of the product. Each is the `code` of the HTTP error envelope and maps to
 * one HTTP status (http-koa) and one CLI exit code. Add a code here and the compiler points at
 * every table that must learn it.
 */
export const errorCodes = [
  'invalid_input',
  'not_found',
  'method_not_allowed',
  'unauthenticated',
  'invalid_credentials',
  'invalid_token',
  'token_expired',
  'refresh_token_reused',
  'invalid_api_key',
  'forbidden',
  'email_not_verified',
  'user_disabled',
  'origin_not_allowed',
  'user_not_found',
  'project_not_found',
  'api_key_not_found',
  'document_not_found',
  'conversation_not_found',
  'message_not_found',
  'session_not_found',
  'session_expired',
  'answer_not_found',
  'lead_not_found',
  'email_already_exists',
  'duplicate_document',
  'conflict',
  'invalid_state',
  'idempotency_key_in_use',
  'idempotency_key_mismatch',
  'embedding_model_mismatch',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable_document',
  'empty_document',
  'otp_invalid',
  'otp_expired',
  'otp_attempts_exceeded',
  'rate_limited',
  'token_limit_exceeded',
  'lead_message_limit_reached',
  'provider_error',
  'provider_unavailable',
  'provider_timeout',
  'dependency_unavailable',
  'overloaded',
  'request_timeout',
  'shutting_down',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

const domainErrorMarker = Symbol.for('chatbuddy.DomainError');

export interface DomainErrorOptions {
  /** Safe, client-visible structured details (never secrets, never stack traces). */
  details?: unknown;
  /** Whether the same call may succeed when retried later (provider and dependency failures). */
  retryable?: boolean;
  /** Seconds after which a retry makes sense (rate limits, quotas, provider 429). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Base of every error the core and its adapters raise on purpose. */
export class DomainError extends Error {
  readonly [domainErrorMarker] = true;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Recognises a DomainError even across two copies of core in one process. */
export function isDomainError(value: unknown): value is DomainError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[domainErrorMarker] === true
  );
}

export const notFound = (code: Extract<ErrorCode, `${string}_not_found`>, what: string): DomainError =>
  new DomainError(code, `${what} not found`);

export const invalidInput = (message: string, details?: unknown): DomainError =>
  new DomainError('invalid_input', message, { details });
