import { DomainError, isDomainError } from '@chatbuddy/core';
import {
  ChromaClientError,
  ChromaForbiddenError,
  ChromaNotFoundError,
  ChromaUnauthorizedError,
  ChromaUniqueError,
  ChromaValueError,
  InvalidArgumentError,
  InvalidCollectionError,
} from 'chromadb';

/** Whether Chroma said the collection (or tenant, database) does not exist. */
export function isChromaNotFound(error: unknown): boolean {
  return error instanceof ChromaNotFoundError;
}

/** The server's reason without the request URL the SDK puts in front of it. */
function reasonOf(error: Error): string {
  const marker = 'with status: ';
  const index = error.message.indexOf(marker);
  return index === -1 ? error.message : error.message.slice(index + marker.length);
}

/**
 * Translates anything the Chroma SDK throws into a DomainError: rejected input becomes
 * `invalid_input`; unreachable server, 5xx, rate limits, dropped connections and timeouts become
 * a retryable `dependency_unavailable`; bad credentials a non-retryable `dependency_unavailable`.
 */
export function translateChromaError(error: unknown, action: string): DomainError {
  if (isDomainError(error)) return error;
  if (
    error instanceof ChromaClientError ||
    error instanceof ChromaValueError ||
    error instanceof InvalidArgumentError ||
    error instanceof InvalidCollectionError
  ) {
    return new DomainError('invalid_input', `Vector store rejected ${action}: ${reasonOf(error)}`, {
      details: { reason: reasonOf(error) },
      cause: error,
    });
  }
  if (error instanceof ChromaUniqueError) {
    return new DomainError('conflict', `Vector store conflict during ${action}`, { cause: error });
  }
  if (
    error instanceof ChromaUnauthorizedError ||
    error instanceof ChromaForbiddenError ||
    error instanceof ChromaNotFoundError
  ) {
    // Wrong credentials, tenant or database: configuration, not a passing outage.
    return new DomainError(
      'dependency_unavailable',
      `Vector store refused ${action} (${error.name}); check CHROMA_URL, CHROMA_TENANT and CHROMA_DATABASE`,
      { retryable: false, cause: error },
    );
  }
  // Connection refused or reset, 5xx, 429, a body cut off mid-response: the server is the problem.
  return new DomainError('dependency_unavailable', `Vector store unavailable during ${action}`, {
    retryable: true,
    cause: error,
  });
}

/** The timeout error: the server did not answer in time (stalled or partitioned). */
function chromaTimeout(action: string, timeoutMs: number): DomainError {
  return new DomainError(
    'dependency_unavailable',
    `Vector store did not answer ${action} within ${timeoutMs} ms`,
    {
      retryable: true,
      details: { timeoutMs },
    },
  );
}

/**
 * Runs one SDK call with a deadline. The SDK's fetch options are shared by every request, so a
 * per-request abort signal cannot be given to it; past the deadline the call is abandoned (its
 * socket is closed by the server or the OS later) and the caller gets `dependency_unavailable`.
 */
export async function withDeadline<T>(action: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(chromaTimeout(action, timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
