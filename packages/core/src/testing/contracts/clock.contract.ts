import { describe, expect, it } from 'vitest';
import type { Clock } from '../../ports/clock.port.js';

/** Behaviour every `Clock` must have. */
export function clockContract(name: string, makeSubject: () => Clock): void {
  describe(`Clock contract: ${name}`, () => {
    it('returns a valid Date', () => {
      const now = makeSubject().now();
      expect(now).toBeInstanceOf(Date);
      expect(Number.isNaN(now.getTime())).toBe(false);
    });

    it('never goes backwards', () => {
      const clock = makeSubject();
      let previous = clock.now().getTime();
      for (let index = 0; index < 100; index++) {
        const current = clock.now().getTime();
        expect(current).toBeGreaterThanOrEqual(previous);
        previous = current;
      }
    });

    it('returns a fresh Date each time (callers may mutate it)', () => {
      const clock = makeSubject();
      const first = clock.now();
      first.setFullYear(1970);
      expect(clock.now().getFullYear()).not.toBe(1970);
    });
  });
}
