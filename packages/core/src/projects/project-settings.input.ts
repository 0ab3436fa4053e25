import { tokenLimitPeriods } from './token-budget.js';
import { z } from 'zod';
import { storedText } from '../shared/stored-text.js';
import { safeText } from '../shared/text-input.js';
import { modelProviders } from './project.js';

export const modelConfigSchema = z
  .object({
    model: storedText().trim().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().min(1).max(32_000).optional(),
    assistantMessageLimit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

/** An absolute http(s) URL without credentials, where webhooks are posted. */
export const webhookUrlSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

export const assistantSettingsSchema = z
  .object({
    leadCapture: z.boolean().default(false),
    welcomeMessage: safeText(500).optional(),
    title: safeText(100).optional(),
    privacyNoticeUrl: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .optional(),
    leadRetentionDays: z.number().int().min(1).max(3650).nullable().optional(),
    leadWebhookUrl: webhookUrlSchema.nullable().optional(),
    leadWebhookSecret: z
      .string()
      .min(24)
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces')
      .optional(),
  })
  .strict()
  .refine((value) => !value.leadWebhookUrl || value.leadWebhookSecret, {
    message: 'leadWebhookSecret is required with leadWebhookUrl',
    path: ['leadWebhookSecret'],
  });

/** A web origin (`https://shop.example.com[:port]`), normalised; paths are refused. */
export const originSchema = z
  .string()
  .max(300)
  .transform((value, context) => {
    try {
      const url = new URL(value);
      if (
        !['http:', 'https:'].includes(url.protocol) ||
        (url.pathname !== '/' && url.pathname !== '') ||
        url.search ||
        url.hash
      ) {
        throw new Error('not an origin');
      }
      return url.origin;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be an origin like https://shop.example.com' });
      return z.NEVER;
    }
  });

export const projectFieldsSchema = {
  name: safeText(120)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'must not be empty')),
  modelProvider: z.enum(modelProviders),
  tokenLimit: z.number().int().min(0).max(1e12).nullable(),
  tokenLimitPeriod: z.enum(tokenLimitPeriods),
  modelConfig: modelConfigSchema,
  systemPrompt: safeText(8_000).nullable(),
  assistant: assistantSettingsSchema,
  allowedOrigins: z.array(originSchema).max(50),
};
