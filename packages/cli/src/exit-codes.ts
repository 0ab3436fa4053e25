import type { ErrorCode } from '@chatbuddy/core';

/** Process exit status per error code (sysexits-style where one fits). */
export const exitCodeByErrorCode = {
  invalid_input: 2,
  not_found: 3,
  method_not_allowed: 2,
  unauthenticated: 4,
  invalid_credentials: 4,
  invalid_token: 4,
  token_expired: 4,
  refresh_token_reused: 4,
  invalid_api_key: 4,
  forbidden: 4,
  email_not_verified: 4,
  user_disabled: 4,
  origin_not_allowed: 4,
  user_not_found: 3,
  project_not_found: 3,
  api_key_not_found: 3,
  document_not_found: 3,
  conversation_not_found: 3,
  message_not_found: 3,
  session_not_found: 3,
  session_expired: 3,
  answer_not_found: 3,
  lead_not_found: 3,
  email_already_exists: 5,
  duplicate_document: 5,
  conflict: 5,
  invalid_state: 5,
  idempotency_key_in_use: 5,
  idempotency_key_mismatch: 5,
  embedding_model_mismatch: 5,
  payload_too_large: 2,
  unsupported_media_type: 2,
  unprocessable_document: 2,
  empty_document: 2,
  otp_invalid: 2,
  otp_expired: 2,
  otp_attempts_exceeded: 6,
  rate_limited: 6,
  token_limit_exceeded: 6,
  lead_message_limit_reached: 6,
  provider_error: 69,
  provider_unavailable: 69,
  provider_timeout: 69,
  dependency_unavailable: 69,
  overloaded: 75,
  request_timeout: 75,
  shutting_down: 69,
  internal_error: 70,
} as const satisfies Record<ErrorCode, number>;

/** Exit status for a configuration problem (EX_CONFIG). */
export const configErrorExitCode = 78;
/** Exit status when another process holds the embedded database (EX_TEMPFAIL: try again later). */
export const lockedExitCode = 75;
/** Exit status for anything unexpected (EX_SOFTWARE). */
export const unexpectedErrorExitCode = 70;
