import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../testing/fixed-clock.js';
import { CheckReadiness } from './check-readiness.use-case.js';

describe('CheckReadiness', () => {
  it('is ready when every probe answers', async () => {
    const useCase = new CheckReadiness([{ name: 'database', check: async () => {} }], new FixedClock());
    expect(await useCase.execute()).toEqual({
      ready: true,
      checks: [{ name: 'database', ok: true, latencyMs: 0 }],
    });
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
    expect(readiness.checks.map((check) => [check.name, check.ok, check.error])).toEqual([
      ['database', true, undefined],
      ['vectors', false, 'connection refused'],
      ['slow', false, 'no answer within 20 ms'],
    ]);
  });
});
