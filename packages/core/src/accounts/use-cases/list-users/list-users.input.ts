import { z } from 'zod';

export const listUsersInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export type ListUsersInput = z.output<typeof listUsersInput>;
