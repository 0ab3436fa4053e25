import { describe, expect, it } from 'vitest';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryIdempotencyRepository } from '../testing/in-memory-idempotency-repository.js';
import { idempotencyTtlMs, runIdempotent } from './run-idempotent.js';

function setup() {
  const clock = new FixedClock();
  return { clock, store: new InMemoryIdempotencyRepository(clock) };
}

describe('runIdempotent', () => {
  it('runs once and replays the first result for the same request', async () => {
    const { clock, store } = setup();
    let runs = 0;
    const work = async () => ({ status: 201, body: { run: ++runs } });
    const request = { projectId: 'p', key: 'k', requestHash: 'h1' };
    expect(await runIdempotent(store, clock, request, work)).toEqual({
      status: 201,
      body: { run: 1 },
      replayed: false,
    });
    expect(await runIdempotent(store, clock, request, work)).toEqual({
      status: 201,
      body: { run: 1 },
      replayed: true,
    });
    expect(runs).toBe(1);
    await expect(runIdempotent(store, clock, { ...request, requestHash: 'h2' }, work)).rejects.toMatchObject({
      code: 'idempotency_key_mismatch',
    });
    expect((await runIdempotent(store, clock, { ...request, projectId: 'other' }, work)).body).toEqual({
      run: 2,
    });
    clock.advance(idempotencyTtlMs + 1);
    expect((await runIdempotent(store, clock, request, work)).body).toEqual({ run: 3 });
  });

  it('answers 409 while the first request runs, and forgets failures', async () => {
    const { clock, store } = setup();
    let release!: () => void;
    const slow = runIdempotent(
      store,
      clock,
      { projectId: 'p', key: 'k', requestHash: 'h' },
      () =>
        new Promise((resolve) => {
          release = () => resolve({ status: 201, body: 'first' });
        }),
    );
    await Promise.resolve();
    await expect(
      runIdempotent(store, clock, { projectId: 'p', key: 'k', requestHash: 'h' }, async () => ({
        status: 201,
        body: 'second',
      })),
    ).rejects.toMatchObject({ code: 'idempotency_key_in_use' });
    release();
    expect((await slow).body).toBe('first');
    await expect(
      runIdempotent(store, clock, { projectId: 'p', key: 'f', requestHash: 'h' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      (
        await runIdempotent(store, clock, { projectId: 'p', key: 'f', requestHash: 'h' }, async () => ({
          status: 201,
          body: 'retried',
        }))
      ).replayed,
    ).toBe(false);
  });
});
