import { isDomainError } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

function breaker() {
  let now = 0;
  const circuit = new CircuitBreaker('OpenAI', { failureThreshold: 3, openMs: 10_000 }, () => now);
  return { circuit, advance: (milliseconds: number) => (now += milliseconds) };
}

function refusal(circuit: CircuitBreaker) {
  try {
    circuit.admit();
  } catch (error) {
    return error;
  }
  return null;
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of outages in a row and then fails fast with a 503 code', () => {
    const { circuit } = breaker();
    for (let call = 0; call < 2; call++) {
      circuit.admit();
      circuit.failed('server');
    }
    expect(circuit.status()).toEqual({ state: 'closed', consecutiveFailures: 2 });
    circuit.admit();
    circuit.failed('connection');
    expect(circuit.status()).toEqual({ state: 'open', consecutiveFailures: 3, retryInSeconds: 10 });
    const error = refusal(circuit);
    expect(isDomainError(error) && error.code).toBe('provider_unavailable');
    expect(isDomainError(error) && error.retryAfterSeconds).toBe(10);
    expect(isDomainError(error) && error.message).toMatch(/OpenAI is failing/);
  });

  it('does not count failures that show the provider is up, and a success starts the count again', () => {
    const { circuit } = breaker();
    for (const kind of [
      'server',
      'timeout',
      'rate_limited',
      'server',
      'rejected',
      'server',
      'overloaded',
    ] as const) {
      circuit.admit();
      circuit.failed(kind);
    }
    expect(circuit.status().state).toBe('closed');
    circuit.admit();
    circuit.succeeded();
    expect(circuit.status()).toEqual({ state: 'closed', consecutiveFailures: 0 });
  });

  it('half-opens after the pause to let exactly one probe through; its success closes the circuit', () => {
    const { circuit, advance } = breaker();
    for (let call = 0; call < 3; call++) {
      circuit.admit();
      circuit.failed('timeout');
    }
    advance(9_999);
    expect(refusal(circuit)).not.toBeNull();
    advance(1);
    expect(circuit.status().state).toBe('half_open');
    expect(refusal(circuit)).toBeNull();
    // A second call while the probe runs still fails fast.
    expect(refusal(circuit)).not.toBeNull();
    circuit.succeeded();
    expect(circuit.status()).toEqual({ state: 'closed', consecutiveFailures: 0 });
    expect(refusal(circuit)).toBeNull();
  });

  it('opens again for another pause when the probe fails, and frees the probe when it is cancelled', () => {
    const { circuit, advance } = breaker();
    for (let call = 0; call < 3; call++) {
      circuit.admit();
      circuit.failed('server');
    }
    advance(10_000);
    circuit.admit();
    circuit.failed('cancelled');
    expect(circuit.status().state).toBe('half_open');
    circuit.admit();
    circuit.failed('server');
    expect(circuit.status()).toMatchObject({ state: 'open', retryInSeconds: 10 });
    advance(5_000);
    expect(refusal(circuit)).not.toBeNull();
  });
});
