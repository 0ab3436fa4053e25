import { z } from 'zod';

/** A file to parse (txt, md, html, csv, json, pdf, docx — whatever the parser supports). */
export const uploadDocumentFileInput = z.object({
  filename: z.string().trim().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
  mimeType: z.string().trim().min(1).max(200).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  metadata: z.record(z.string(), z.json()).optional(),
});

export type UploadDocumentFileInput = z.output<typeof uploadDocumentFileInput>;
