import { describe, expect, it } from 'vitest';
import { type AttemptObservation, classifyFailure, isRetryable, providerError } from './provider-failure.js';

const observed = (overrides: Partial<AttemptObservation> = {}): AttemptObservation => ({
  callerAborted: false,
  timedOut: false,
  connectionFailed: false,
  ...overrides,
});
const context = { provider: 'OpenAI', attempts: 3, timeoutMs: 1_000 };
const mapped = (status: number, retryAfterMs?: number) => {
  const failure = classifyFailure(new Error('raw sdk error sk-secret'), observed({ status, retryAfterMs }));
  return providerError(failure, context);
};

describe('provider failure mapping', () => {
  it.each([
    [429, 'provider_unavailable', true],
    [503, 'provider_unavailable', true],
    [529, 'provider_unavailable', true],
    [500, 'provider_error', true],
    [502, 'provider_error', true],
    [504, 'provider_timeout', true],
    [408, 'provider_timeout', true],
    [401, 'provider_error', false],
    [403, 'provider_error', false],
    [400, 'provider_error', false],
    [404, 'provider_error', false],
  ])('HTTP %i surfaces as %s (retryable: %s)', (status, code, retryable) => {
    const error = mapped(status);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message).not.toContain('sk-secret');
    expect(error.details).toEqual({ provider: 'openai', status, attempts: 3 });
  });

  it('passes the requested pause on as retryAfterSeconds (rounded up, at least 1)', () => {
    expect(mapped(429, 2_500).retryAfterSeconds).toBe(3);
    expect(mapped(429, 0).retryAfterSeconds).toBe(1);
    expect(mapped(429).retryAfterSeconds).toBe(5);
  });

  it('prefers what the attempt saw over the SDK error', () => {
    expect(classifyFailure({ status: 500 }, observed({ callerAborted: true })).kind).toBe('cancelled');
    expect(classifyFailure({ status: 500 }, observed({ timedOut: true })).kind).toBe('timeout');
    expect(classifyFailure(new Error('x'), observed({ connectionFailed: true })).kind).toBe('connection');
    expect(classifyFailure({ status_code: 503 }, observed()).kind).toBe('overloaded');
    expect(classifyFailure(new SyntaxError('Unexpected token'), observed()).kind).toBe('bad_response');
  });

  it('recognises connection errors deep in the cause chain, and Gemini key errors', () => {
    const reset = new TypeError('terminated', { cause: { code: 'UND_ERR_SOCKET' } });
    expect(classifyFailure(reset, observed()).kind).toBe('connection');
    const gemini = Object.assign(new Error('{"error":{"details":[{"reason":"API_KEY_INVALID"}]}}'), {
      status: 400,
    });
    expect(classifyFailure(gemini, observed()).kind).toBe('credentials');
  });

  it('retries rate limits, overloads, 5xx and connection errors only', () => {
    const retryable = ['rate_limited', 'overloaded', 'server', 'connection'] as const;
    for (const kind of retryable) expect(isRetryable({ kind })).toBe(true);
    for (const kind of ['cancelled', 'timeout', 'credentials', 'rejected', 'bad_response'] as const) {
      expect(isRetryable({ kind })).toBe(false);
    }
  });
});
