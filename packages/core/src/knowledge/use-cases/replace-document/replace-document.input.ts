import { z } from 'zod';

/** New content for a document; `title` and `metadata` replace the old ones when given. */
export const replaceDocumentInput = z.object({
  documentId: z.uuid(),
  content: z.string().refine((value) => value.trim().length > 0, 'content must not be empty'),
  title: z.string().trim().min(1).max(200).optional(),
  metadata: z.record(z.string(), z.json()).optional(),
});

export type ReplaceDocumentInput = z.output<typeof replaceDocumentInput>;
