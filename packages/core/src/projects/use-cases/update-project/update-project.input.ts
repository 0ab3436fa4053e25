import { z } from 'zod';
import { projectFieldsSchema } from '../../project-settings.input.js';

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
