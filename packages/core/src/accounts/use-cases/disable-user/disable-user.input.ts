import { z } from 'zod';

export const disableUserInput = z.object({
  /** The user's id or email address. */
  user: z.string().trim().min(1).max(254),
});

export type DisableUserInput = z.output<typeof disableUserInput>;
