import { z } from 'zod';
import { userRoles, userStatuses } from '../../user.js';

export const updateUserInput = z
  .object({
    role: z.enum(userRoles).optional(),
    status: z.enum(userStatuses).optional(),
  })
  .strict()
  .refine((input) => input.role !== undefined || input.status !== undefined, {
    message: 'Give a role, a status, or both',
  });

export type UpdateUserInput = z.input<typeof updateUserInput>;

export const userParams = z.object({ userId: z.string().min(1).max(100) });
