import { DomainError, type ErrorCode, isDomainError, isStorableText } from '@chatbuddy/core';

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

/** Unique constraint → what a duplicate means, in the words the in-memory fakes use. */
const uniqueViolations: Record<string, { code: ErrorCode; message: string }> = {
  users_email_key: { code: 'email_already_exists', message: 'A user with this email already exists' },
  documents_project_content_hash_key: {
    code: 'duplicate_document',
    message: 'This project already has a document with the same content',
  },
};

/** Foreign-key column → the not-found code of the row it points at. */
const referenceCodes: Array<[string, ErrorCode]> = [
  ['project_id', 'project_not_found'],
  ['owner_id', 'user_not_found'],
  ['user_id', 'user_not_found'],
  ['document_id', 'document_not_found'],
  ['conversation_id', 'conversation_not_found'],
  ['message_id', 'message_not_found'],
  ['session_id', 'session_not_found'],
  ['lead_id', 'lead_not_found'],
];

const invalidInputCodes = new Set([
  '22001',
  '22003',
  '22007',
  '22008',
  '22021',
  '22P02',
  '22P05',
  '23502',
  '23514',
  '54000',
]);
const unavailableCodes = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/** Turns anything a driver throws into a DomainError; DomainErrors pass through unchanged. */
export function translateDatabaseError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const driver = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
  const code = typeof driver.code === 'string' ? driver.code : '';
  const constraint = typeof driver.constraint === 'string' ? driver.constraint : '';
  const options = { cause: error };
  if (code === '23505') {
    const { code: mapped, message } = uniqueViolations[constraint] ?? {
      code: 'conflict',
      message: 'A record with the same unique value already exists',
    };
    return new DomainError(mapped, message, {
      ...options,
      details: { constraint },
    });
  }
  if (code === '23503') {
    const mapped = referenceCodes.find(([column]) => constraint.includes(column))?.[1] ?? 'invalid_input';
    return new DomainError(mapped, 'A referenced record does not exist', options);
  }
  if (invalidInputCodes.has(code)) {
    return new DomainError('invalid_input', 'The database refused the value', {
      ...options,
      details: { reason: String(driver.message ?? code) },
    });
  }
  if (code === '40001' || code === '40P01') {
    return new DomainError('conflict', 'Concurrent update, try again', { ...options, retryable: true });
  }
  const message = String(driver.message ?? '');
  if (
    code.startsWith('08') ||
    unavailableCodes.has(code) ||
    networkCodes.has(code) ||
    /connection (terminated|timeout)|timeout exceeded when trying to connect|pglite is closed/i.test(message)
  ) {
    return new DomainError('dependency_unavailable', 'The database is unavailable', {
      ...options,
      retryable: true,
    });
  }
  return new DomainError('internal_error', 'Database operation failed', options);
}

/**
 * PostgreSQL text cannot hold NUL characters, and lone UTF-16 surrogates would be silently
 * replaced on the way in: both are refused up front so values round-trip or fail loudly.
 */
export function assertStorableParameters(parameters: readonly unknown[]): void {
  for (const parameter of parameters) {
    if (Array.isArray(parameter)) assertStorableParameters(parameter);
    else if (typeof parameter === 'string' && !isStorableText(parameter)) {
      throw new DomainError('invalid_input', 'Text must not contain NUL characters or unpaired surrogates', {
        details: { reason: 'unstorable_text' },
      });
    }
  }
}
