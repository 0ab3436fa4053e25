import { z } from 'zod';
import { projectFieldsSchema } from '../../project-settings.input.js';

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
