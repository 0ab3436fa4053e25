import { DomainError } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { buildReport, outcomeOfError } from './ingest-files.js';
import { mapPool } from './ingest-progress.js';

describe('ingest pool', () => {
  it('keeps input order, bounds concurrency, and starts nothing new once stopped', async () => {
    let running = 0;
    let peak = 0;
    const work = async (item: number) => {
      running += 1;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running -= 1;
      return item * 10;
    };
    expect(await mapPool([1, 2, 3, 4, 5], 2, () => false, work)).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    let started = 0;
    const partial = await mapPool(
      [1, 2, 3, 4, 5],
      1,
      () => started >= 2,
      async (item) => {
        started += 1;
        return item;
      },
    );
    expect(partial).toEqual([1, 2]);
    expect(buildReport('p', [], 3).totals).toMatchObject({ files: 3, notProcessed: 3 });
  });

  it('skips duplicates and unsupported types, fails everything else', () => {
    const duplicate = new DomainError('duplicate_document', 'dup', { details: { documentId: 'd1' } });
    expect(outcomeOfError('a.md', duplicate)).toMatchObject({
      outcome: 'skipped',
      documentId: 'd1',
      reason: 'same content as document d1',
    });
    expect(outcomeOfError('a.exe', new DomainError('unsupported_media_type', 'no')).outcome).toBe('skipped');
    expect(outcomeOfError('a.pdf', new DomainError('empty_document', 'empty')).outcome).toBe('failed');
    expect(outcomeOfError('a.txt', new Error('disk on fire'))).toMatchObject({
      outcome: 'failed',
      code: 'internal_error',
    });
  });
});
