import { z } from 'zod';

/** A text document: plain text or Markdown (`#` headings give the chunks their heading path). */
export const uploadDocumentInput = z.object({
  content: z.string().refine((value) => value.trim().length > 0, 'content must not be empty'),
  title: z.string().trim().min(1).max(200).optional(),
  metadata: z.record(z.string(), z.json()).optional(),
});

export type UploadDocumentInput = z.output<typeof uploadDocumentInput>;
