import { type ErrorCode, isDomainError } from '@chatbuddy/core';
import { expect } from 'vitest';

/** Awaits a promise that must fail with a DomainError of the given code; returns that error. */
export async function expectDomainError(promise: Promise<unknown>, code: ErrorCode) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isDomainError(error), `expected a DomainError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as { code: string; message: string; details: unknown };
}
