import { z } from 'zod';
import { storedText } from '../../../shared/stored-text.js';
import { emailSchema, newPasswordSchema } from '../../auth/password-policy.js';

export const registerUserInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: storedText().trim().min(1, 'Name is required').max(100),
});

export type RegisterUserInput = z.output<typeof registerUserInput>;
