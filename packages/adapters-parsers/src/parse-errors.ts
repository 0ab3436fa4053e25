import { DomainError } from '@chatbuddy/core';

/** The codes a DocumentParser may throw; anything else is wrapped into `unprocessable_document`. */
export const parserErrorCodes = [
  'unsupported_media_type',
  'unprocessable_document',
  'empty_document',
  'payload_too_large',
] as const;

/** The file's type is unknown or not one the parser reads (HTTP 415). */
export function unsupportedMediaType(described: string): DomainError {
  // The type comes from the client: keep it short and printable before echoing it.
  const type = described.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
  return new DomainError('unsupported_media_type', `Unsupported file type: ${type}`, { details: { type } });
}

/** The file claims a supported type but cannot be read as one (HTTP 422). */
export function unprocessableDocument(message: string, details?: Record<string, unknown>, cause?: unknown) {
  return new DomainError('unprocessable_document', message, { details, cause });
}

/** The file was read but holds no text (HTTP 422). */
export function emptyDocument(message = 'The document has no text'): DomainError {
  return new DomainError('empty_document', message);
}
