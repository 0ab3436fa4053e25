import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../testing/paging.js';
import { decodeCursor, encodeCursor, pageCursor } from './cursor.js';

const id = '00000000-0000-4000-8000-000000000001';
const tampered = (createdAt: unknown, rowId: unknown = id) =>
  btoa(JSON.stringify([createdAt, rowId]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

describe('pagination cursors', () => {
  it('decode what they encode for every instant from 1970 to the end of 9999', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.uuid(),
        (date, rowId) => {
          const position = { createdAt: date.toISOString(), id: rowId };
          expect(decodeCursor(encodeCursor(position))).toEqual(position);
        },
      ),
    );
  });

  it('refuse instants outside 1970–9999, non-canonical dates and malformed ids', () => {
    for (const cursor of [
      tampered('+275760-09-13T00:00:00.000Z'),
      tampered('-271821-04-20T00:00:00.000Z'),
      tampered('+010000-01-01T00:00:00.000Z'),
      tampered('1969-12-31T23:59:59.999Z'),
      tampered('2030'),
      tampered('Tue Jan 01 2030'),
      tampered('2030-01-01T00:00:00Z'),
      tampered('2030-01-01T01:00:00.000+01:00'),
      tampered(0),
      tampered('2030-01-01T00:00:00.000Z', 'not-a-uuid'),
      tampered('2030-01-01T00:00:00.000Z', 7),
      btoa('[]'),
      '%%%',
      '',
    ]) {
      expect(decodeCursor(cursor), cursor).toBeNull();
    }
  });

  it('never throw on random text, and whatever they accept names a sane instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => tampered(value, id)),
        ),
        (cursor) => {
          const position = decodeCursor(cursor);
          if (!position) return;
          const year = new Date(position.createdAt).getUTCFullYear();
          expect(year).toBeGreaterThanOrEqual(1970);
          expect(year).toBeLessThanOrEqual(9999);
        },
      ),
    );
  });

  it('are refused by input schemas and stores as invalid_input pointing at the cursor', () => {
    const cursor = tampered('+275760-09-13T00:00:00.000Z');
    const parsed = pageCursor.safeParse(cursor);
    expect(parsed.success).toBe(false);
    expect(pageCursor.safeParse('').success).toBe(true);
    expect(() => paginate([], { limit: 10, cursor })).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        details: { issues: [expect.objectContaining({ path: 'cursor' })] },
      }),
    );
  });
});
