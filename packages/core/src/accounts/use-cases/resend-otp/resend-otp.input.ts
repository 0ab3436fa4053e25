import { z } from 'zod';
import { emailSchema } from '../../auth/password-policy.js';

export const resendOtpInput = z.object({ email: emailSchema });

export type ResendOtpInput = z.output<typeof resendOtpInput>;
