import { z } from 'zod';
import { emailSchema } from '../../auth/password-policy.js';

export const verifyEmailInput = z.object({
  email: emailSchema,
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code has 6 digits'),
});

export type VerifyEmailInput = z.output<typeof verifyEmailInput>;
