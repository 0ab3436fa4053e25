import { describe, expect, it } from 'vitest';
import { exitWhenDone } from './process-exit.js';

describe('exitWhenDone', () => {
  it('ends a process that something still holds after the grace time, with the status, and says why', async () => {
    const previous = process.exitCode;
    const exits: number[] = [];
    const lines: string[] = [];
    // Something that would hold the process: a request that hung.
    const holding = setInterval(() => undefined, 10);
    try {
      exitWhenDone(3, {
        graceMs: 50,
        exit: (status) => exits.push(status),
        stderr: { write: (line: string | Uint8Array) => lines.push(String(line)) > 0 },
      });
      expect(process.exitCode).toBe(3);
      expect(exits).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(exits).toEqual([3]);
      expect(lines.join('')).toMatch(/still busy 50 ms after it was done/);
    } finally {
      clearInterval(holding);
      process.exitCode = previous;
    }
  });
});
