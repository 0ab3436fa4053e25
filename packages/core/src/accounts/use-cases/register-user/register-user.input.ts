import { z } from 'zod';
import { emailSchema, newPasswordSchema } from '../../auth/password-policy.js';

export const registerUserInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: z.string().trim().min(1, 'Name is required').max(100),
});

export type RegisterUserInput = z.output<typeof registerUserInput>;
