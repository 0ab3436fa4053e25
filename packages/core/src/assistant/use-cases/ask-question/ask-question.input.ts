import { z } from 'zod';
import { safeText } from '../../../shared/text-input.js';

export const askQuestionInput = z
  .object({
    message: safeText(4_000)
      .transform((value) => value.trim())
      .pipe(z.string().min(1, 'must not be empty'))
      // Spaces and invisible characters alone (zero-width spaces, joiners, marks) ask nothing.
      .refine((value) => /[^\p{White_Space}\p{Cf}]/u.test(value), 'must not be empty'),
    conversationId: z.uuid().optional(),
    /** Stream the reply as Server-Sent Events (same as `Accept: text/event-stream`). */
    stream: z.boolean().optional(),
  })
  .strict();
export type AskQuestionInput = z.input<typeof askQuestionInput>;
