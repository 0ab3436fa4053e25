import { z } from 'zod';

export const refreshSessionInput = z.object({
  refreshToken: z.string().trim().min(1, 'refreshToken is required').max(512),
});

export type RefreshSessionInput = z.output<typeof refreshSessionInput>;
