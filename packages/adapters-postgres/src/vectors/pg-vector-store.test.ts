import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useMigratedPglite } from '../testing/migrated-database.js';
import { toVectorBinary } from './pg-vector-store.js';

const suite = useMigratedPglite();

describe('toVectorBinary', () => {
  it('gives pgvector the same float4 values as its text form, for any finite numbers', async () => {
    const { db } = suite.persistence;
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1, max: 1 }),
      fc.constantFrom(0, -0, 1e-45, 3.4e38, 0.1, 1 / 3),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 40 }), async (values) => {
        const result = await sql<{ binary: string; text: string }>`
          select ${toVectorBinary(values)}::vector::text as binary,
                 ${`[${values.join(',')}]`}::vector::text as text`.execute(db);
        expect(result.rows[0]?.binary).toBe(result.rows[0]?.text);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses what the text form refuses', () => {
    expect(() => toVectorBinary([])).toThrow();
    expect(() => toVectorBinary([1, Number.NaN])).toThrow();
    expect(() => toVectorBinary([Number.POSITIVE_INFINITY])).toThrow();
  });
});
