import { pageCursor } from '@chatbuddy/core';
import { z } from 'zod';

/** Path parameters that must be UUIDs. */
export const projectParams = z.object({ projectId: z.uuid() });
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
});

const keyView = z.object({
  id: z.string(),
  kind: z.enum(['secret', 'publishable']),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});

export const projectView = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  modelProvider: z.string(),
  modelConfig: z.record(z.string(), z.unknown()),
  systemPrompt: z.string().nullable(),
  assistant: z.record(z.string(), z.unknown()),
  allowedOrigins: z.array(z.string()),
  tokenLimit: z.number().nullable(),
  tokenLimitPeriod: z.enum(['month', 'lifetime']),
  tokensUsed: z.number(),
  embeddingModel: z.string().nullable(),
  keys: z.array(keyView),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Base URL clients should use: the configured public URL, else what the request came in on. */
export function publicBaseUrl(configured: string | undefined, origin: string): string {
  return (configured ?? origin).replace(/\/+$/, '');
}
