import type { DocumentId } from '../../shared/common.js';
import { DomainError, isDomainError } from '../../shared/domain-error.js';
import { truncateText } from '../../shared/truncate.js';
import { interruptedReason } from './indexing-lease.js';

/** Safe, client-visible reason stored on a failed document. */
export function failureReason(error: unknown): string {
  // Stopped by a shutdown: the same outcome as a run the repair pass finds abandoned.
  if (isDomainError(error) && error.code === 'shutting_down') return interruptedReason;
  if (isDomainError(error)) return truncateText(`${error.code}: ${error.message}`, 500);
  return 'internal_error: unexpected failure while indexing';
}

/** The error a caller sees when indexing failed: same code and retry hints, naming the document. */
export function indexingFailed(error: unknown, documentId: DocumentId): DomainError {
  if (!isDomainError(error)) {
    return new DomainError('internal_error', 'Indexing failed', {
      details: { documentId, status: 'failed' },
      cause: error,
    });
  }
  return new DomainError(error.code, error.message, {
    details: { documentId, status: 'failed', ...(isRecord(error.details) ? error.details : {}) },
    retryable: error.retryable,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    cause: error,
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Another run changed or removed the document first; this run's work is discarded. */
export class SupersededError extends DomainError {
  constructor(documentId: DocumentId) {
    super(
      'conflict',
      'Another request changed the document while this one was indexing it; this indexing was discarded',
      {
        details: { documentId },
        retryable: true,
      },
    );
  }
}

export const duplicateDocument = (documentId: DocumentId, status: string): DomainError =>
  new DomainError('duplicate_document', 'This project already has a document with the same content', {
    details: { documentId, status },
  });
