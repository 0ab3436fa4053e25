import { DomainError } from '@chatbuddy/core';
import {
  ChromaClientError,
  ChromaConnectionError,
  ChromaRateLimitError,
  ChromaServerError,
  ChromaUnauthorizedError,
  ChromaValueError,
} from 'chromadb';
import { describe, expect, it } from 'vitest';
import { translateChromaError, withDeadline } from './chroma-errors.js';

describe('translateChromaError', () => {
  it('maps rejected input to invalid_input without the request URL', () => {
    const error = translateChromaError(
      new ChromaClientError(
        'Bad request to http://db:8000/api/v2/x with status: Collection expecting embedding with dimension of 3, got 2',
      ),
      'upsert',
    );
    expect(error.code).toBe('invalid_input');
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('http://');
    expect(error.message).toContain('dimension of 3');
    expect(translateChromaError(new ChromaValueError('bad'), 'query').code).toBe('invalid_input');
  });

  it('maps outages to a retryable dependency_unavailable', () => {
    for (const cause of [
      new ChromaConnectionError('down'),
      new ChromaServerError('500'),
      new ChromaRateLimitError('slow down'),
      new TypeError('terminated'),
    ]) {
      const error = translateChromaError(cause, 'query');
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'dependency_unavailable', retryable: true, cause });
    }
  });

  it('maps refused credentials to a non-retryable dependency_unavailable', () => {
    expect(translateChromaError(new ChromaUnauthorizedError('no'), 'query')).toMatchObject({
      code: 'dependency_unavailable',
      retryable: false,
    });
  });

  it('passes domain errors through', () => {
    const original = new DomainError('invalid_input', 'x');
    expect(translateChromaError(original, 'query')).toBe(original);
  });
});

describe('withDeadline', () => {
  it('returns the result in time and fails with dependency_unavailable when late', async () => {
    await expect(withDeadline('ping', 1_000, async () => 42)).resolves.toBe(42);
    await expect(withDeadline('ping', 10, () => new Promise(() => {}))).rejects.toMatchObject({
      code: 'dependency_unavailable',
      retryable: true,
    });
  });
});
