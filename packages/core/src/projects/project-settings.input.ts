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
/**
 * `modelConfig` in a PATCH (JSON Merge Patch, RFC 7396): members given replace, `null` removes
 * one, members left out stay.
 */
export const modelConfigPatchSchema = z
  .object({
    model: modelConfigSchema.shape.model.unwrap().nullable().optional(),
    temperature: modelConfigSchema.shape.temperature.unwrap().nullable().optional(),
    maxOutputTokens: modelConfigSchema.shape.maxOutputTokens.unwrap().nullable().optional(),
    assistantMessageLimit: modelConfigSchema.shape.assistantMessageLimit.unwrap().nullable().optional(),
  })
  .strict();

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

const assistantSettingsFields = z
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
  .strict();

/** The refusal of a webhook without its secret. */
export const webhookSecretRequired = 'leadWebhookSecret is required with leadWebhookUrl';

export const assistantSettingsSchema = assistantSettingsFields.refine(
  (value) => !value.leadWebhookUrl || value.leadWebhookSecret,
  { message: webhookSecretRequired, path: ['leadWebhookSecret'] },
);

/**
 * `assistant` in a PATCH (JSON Merge Patch): members given replace, `null` removes one (a text
 * or URL back to none, retention back to forever), members left out stay, the webhook's secret
 * included. A webhook still needs a secret once the patch is applied.
 */
export const assistantSettingsPatchSchema = z
  .object({
    leadCapture: z.boolean().optional(),
    welcomeMessage: assistantSettingsFields.shape.welcomeMessage.unwrap().nullable().optional(),
    title: assistantSettingsFields.shape.title.unwrap().nullable().optional(),
    privacyNoticeUrl: assistantSettingsFields.shape.privacyNoticeUrl.unwrap().nullable().optional(),
    leadRetentionDays: assistantSettingsFields.shape.leadRetentionDays,
    leadWebhookUrl: assistantSettingsFields.shape.leadWebhookUrl,
    leadWebhookSecret: assistantSettingsFields.shape.leadWebhookSecret.unwrap().nullable().optional(),
  })
  .strict();

/** `target` with `patch` applied as a JSON Merge Patch of one level: `null` removes a member. */
export function mergePatch<T extends object>(target: T, patch: Record<string, unknown>): T {
  const merged: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged as T;
}

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
