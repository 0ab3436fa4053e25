import { z } from 'zod';

export const listDocumentsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(500).optional(),
});

export type ListDocumentsInput = z.output<typeof listDocumentsInput>;
