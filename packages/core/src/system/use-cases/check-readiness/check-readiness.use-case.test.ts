import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../testing/fixed-clock.js';
import { CheckReadiness } from './check-readiness.use-case.js';

describe('CheckReadiness', () => {
  it('is ready when every probe answers', async () => {
    const useCase = new CheckReadiness([{ name: 'database', check: async () => {} }], new FixedClock());
    expect(await useCase.execute()).toEqual({
      ready: true,
      degraded: false,
      checks: [{ name: 'database', ok: true, essential: true, latencyMs: 0 }],
    });
  });

  it('stays ready but degraded when only a non-essential probe fails', async () => {
    const useCase = new CheckReadiness(
      [
        { name: 'database', check: async () => {} },
        {
          name: 'rate-limit-store',
          essential: false,
          check: async () => Promise.reject(new Error('Redis unreachable')),
        },
      ],
      new FixedClock(),
    );
    const readiness = await useCase.execute();
    expect(readiness).toMatchObject({ ready: true, degraded: true });
    expect(readiness.checks[1]).toMatchObject({ name: 'rate-limit-store', ok: false, essential: false });
  });

  it('is not ready when a probe fails or hangs, and says which', async () => {
    const useCase = new CheckReadiness(
      [
        { name: 'database', check: async () => {} },
        { name: 'vectors', check: async () => Promise.reject(new Error('connection refused')) },
        { name: 'slow', check: () => new Promise(() => {}) },
      ],
      new FixedClock(),
      20,
    );
    const readiness = await useCase.execute();
    expect(readiness.ready).toBe(false);
    expect(readiness.degraded).toBe(false);
    expect(readiness.checks.map((check) => [check.name, check.ok, check.error])).toEqual([
      ['database', true, undefined],
      ['vectors', false, 'connection refused'],
      ['slow', false, 'no answer within 20 ms'],
    ]);
  });
});
