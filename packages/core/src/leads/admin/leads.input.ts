import { z } from 'zod';
import type { LeadFilter } from '../../ports/lead-directory.port.js';
import { pageCursor } from '../../shared/cursor.js';
import { storedText } from '../../shared/stored-text.js';

/** `true`/`false` as a boolean (query strings carry text). */
const booleanFlag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/** Which leads to show: verification state and a search of names and emails. */
export const leadFilterInput = z
  .object({
    verified: booleanFlag.optional(),
    q: storedText().max(200).optional(),
  })
  .strict();
export type LeadFilterInput = z.input<typeof leadFilterInput>;

export const listLeadsInput = leadFilterInput
  .extend({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: pageCursor.optional(),
  })
  .strict();
export type ListLeadsInput = z.input<typeof listLeadsInput>;

/** The port's filter from parsed input (an empty search matches everything). */
export function toLeadFilter(input: z.output<typeof leadFilterInput>): LeadFilter {
  const search = input.q?.trim();
  return {
    ...(input.verified !== undefined && { verified: input.verified }),
    ...(search && { search }),
  };
}
