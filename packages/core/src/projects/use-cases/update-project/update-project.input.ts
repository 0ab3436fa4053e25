import { z } from 'zod';
import {
  assistantSettingsPatchSchema,
  modelConfigPatchSchema,
  projectFieldsSchema,
} from '../../project-settings.input.js';

/**
 * A project's changes. `modelConfig` and `assistant` are merged into the stored ones (JSON Merge
 * Patch: `null` removes a member, members left out stay); other fields replace.
 */
export const updateProjectInput = z
  .object({
    name: projectFieldsSchema.name.optional(),
    modelProvider: projectFieldsSchema.modelProvider.optional(),
    tokenLimit: projectFieldsSchema.tokenLimit.optional(),
    tokenLimitPeriod: projectFieldsSchema.tokenLimitPeriod.optional(),
    modelConfig: modelConfigPatchSchema.optional(),
    systemPrompt: projectFieldsSchema.systemPrompt.optional(),
    assistant: assistantSettingsPatchSchema.optional(),
    allowedOrigins: projectFieldsSchema.allowedOrigins.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'nothing to update');
export type UpdateProjectInput = z.input<typeof updateProjectInput>;
