import { z } from 'zod';
import { emailSchema, loginPasswordSchema } from '../../auth/password-policy.js';

export const loginInput = z.object({ email: emailSchema, password: loginPasswordSchema });

export type LoginInput = z.output<typeof loginInput>;
