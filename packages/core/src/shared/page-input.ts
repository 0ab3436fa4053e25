import { z } from 'zod';

export const pageInput = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type PageInput = z.input<typeof pageInput>;
