import { type ChatModel, type DomainError, isDomainError } from '@chatbuddy/core';
import { expect } from 'vitest';
import type { FakeProviderServer } from './fake-provider-server.js';

/** A chat adapter under test and the fake server it talks to. */
export interface ChatModelFixture {
  server: () => FakeProviderServer;
  /** The adapter with test timings (timeout ~1 s, backoff of a few ms, 3 attempts). */
  model: (overrides?: { apiKey?: string; baseUrl?: string; timeoutMs?: number }) => ChatModel;
  /** Path fragment of the chat endpoint, for counting attempts. */
  chatPath: string;
  apiKey: string;
  /** The vendor's error body for `status`. */
  errorBody: (status: number) => unknown;
}

/** Captures the DomainError a call rejects with (failing the test if it is anything else). */
export async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(isDomainError(error), `expected a DomainError, got ${String(error)}`).toBe(true);
  return error as DomainError;
}

export async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
