import { z } from 'zod';
import { storedText } from '../../../shared/stored-text.js';
import { emailSchema, newPasswordSchema } from '../../auth/password-policy.js';
import { userRoles } from '../../user.js';

export const createUserInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  /** Defaults to the part of the email before the `@`. */
  name: storedText().trim().min(1).max(100).optional(),
  role: z.enum(userRoles).default('user'),
});

export type CreateUserInput = z.output<typeof createUserInput>;
