import { z } from 'zod';
import { storedText } from '../shared/stored-text.js';
import { modelProviders } from './project.js';
import { tokenLimitPeriods } from './token-budget.js';

/** Stored text without control characters (newlines and tabs allowed). */
export const safeText = (max: number) =>
  storedText()
    .max(max)
    .refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      'must not contain control characters',
    );

export const modelConfigSchema = z
  .object({
    model: storedText().trim().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().min(1).max(32_000).optional(),
    assistantMessageLimit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

export const assistantSettingsSchema = z
  .object({
    leadCapture: z.boolean().default(false),
    welcomeMessage: safeText(500).optional(),
    title: safeText(100).optional(),
  })
  .strict();

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

export const createProjectInput = z
  .object({
    name: projectFieldsSchema.name,
    modelProvider: projectFieldsSchema.modelProvider.default('local'),
    tokenLimit: projectFieldsSchema.tokenLimit.default(null),
    tokenLimitPeriod: projectFieldsSchema.tokenLimitPeriod.default('month'),
    modelConfig: projectFieldsSchema.modelConfig.default({}),
    systemPrompt: projectFieldsSchema.systemPrompt.default(null),
    assistant: projectFieldsSchema.assistant.default({ leadCapture: false }),
    allowedOrigins: projectFieldsSchema.allowedOrigins.default([]),
  })
  .strict();
export type CreateProjectInput = z.input<typeof createProjectInput>;

export const updateProjectInput = z
  .object({
    name: projectFieldsSchema.name.optional(),
    modelProvider: projectFieldsSchema.modelProvider.optional(),
    tokenLimit: projectFieldsSchema.tokenLimit.optional(),
    tokenLimitPeriod: projectFieldsSchema.tokenLimitPeriod.optional(),
    modelConfig: projectFieldsSchema.modelConfig.optional(),
    systemPrompt: projectFieldsSchema.systemPrompt.optional(),
    assistant: projectFieldsSchema.assistant.optional(),
    allowedOrigins: projectFieldsSchema.allowedOrigins.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'nothing to update');
export type UpdateProjectInput = z.input<typeof updateProjectInput>;

export const pageInput = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type PageInput = z.input<typeof pageInput>;

export const rotateKeyInput = z
  .object({
    kind: z.enum(['secret', 'publishable']).default('secret'),
    /** Seconds the old key keeps working; 0 (default) kills it at once. */
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(0),
  })
  .strict();
export type RotateKeyInput = z.input<typeof rotateKeyInput>;
