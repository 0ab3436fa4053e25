import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseInput } from './validation.js';

describe('parseInput', () => {
  it('refuses with invalid_input, the first problem in the message once, and every issue in details', () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()) });
    for (const [input, message] of [
      [[], 'Invalid input: expected object, received array'],
      [{ name: 1, tags: [] }, 'Invalid input at name: expected string, received number'],
    ] as const) {
      let caught: unknown;
      try {
        parseInput(schema, input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'invalid_input', message });
    }
    expect(() => parseInput(schema, { name: 1, tags: [2] })).toThrow(
      expect.objectContaining({
        details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'tags.0' })]) },
      }),
    );
    expect(parseInput(schema, { name: 'a', tags: [] })).toEqual({ name: 'a', tags: [] });
  });
});
