import { z } from 'zod';
import { storedMetadata, storedText } from '../../../shared/stored-text.js';

/** A file to parse (txt, md, html, csv, json, pdf, docx — whatever the parser supports). */
export const uploadDocumentFileInput = z.object({
  filename: storedText().trim().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
  mimeType: storedText().trim().min(1).max(200).optional(),
  title: storedText().trim().min(1).max(200).optional(),
  metadata: storedMetadata().optional(),
});

export type UploadDocumentFileInput = z.output<typeof uploadDocumentFileInput>;
