import { z } from 'zod';
import { safeText } from '../shared/text-input.js';

/** `POST /assistant/chat`: no session starts one; a message answers the current step. */
export const assistantChatInput = z
  .object({
    sessionId: z.uuid().optional(),
    message: safeText(4_000).optional(),
    /** Stream the reply as Server-Sent Events (same as `Accept: text/event-stream`). */
    stream: z.boolean().optional(),
  })
  .strict();
export type AssistantChatInput = z.input<typeof assistantChatInput>;

/** `POST /assistant/verify-otp`: the emailed code (spaces ignored). */
export const verifyLeadOtpInput = z
  .object({
    sessionId: z.uuid(),
    otp: z
      .string()
      .max(20)
      .transform((value) => value.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code')),
  })
  .strict();
export type VerifyLeadOtpInput = z.input<typeof verifyLeadOtpInput>;

/** `POST /assistant/resend-otp`. */
export const resendLeadOtpInput = z.object({ sessionId: z.uuid() }).strict();
export type ResendLeadOtpInput = z.input<typeof resendLeadOtpInput>;

/** A visitor's name: trimmed, 1–100 characters of storable text. */
export const leadName = safeText(1_000)
  .transform((value) => value.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1).max(100));

/** A visitor's email address, normalised (trimmed, lower-case). */
export const leadEmail = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.email().max(254));

/** A code typed into the chat instead of sent to verify-otp. */
export const typedCode = /^\s*(\d{3}\s?\d{3})\s*$/;
