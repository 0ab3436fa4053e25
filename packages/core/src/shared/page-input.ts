import { z } from 'zod';
import { pageCursor } from './cursor.js';

export const pageInput = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: pageCursor.optional(),
  })
  .strict();
export type PageInput = z.input<typeof pageInput>;
