import { z } from 'zod';

export const rotateKeyInput = z
  .object({
    kind: z.enum(['secret', 'publishable']).default('secret'),
    /** Seconds the old key keeps working; 0 (default) kills it at once. */
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(0),
  })
  .strict();
export type RotateKeyInput = z.input<typeof rotateKeyInput>;
