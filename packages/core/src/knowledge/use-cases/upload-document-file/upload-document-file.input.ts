import { z } from 'zod';
import { storedText } from '../../../shared/stored-text.js';
import { documentMetadata } from '../../document-metadata.js';

/** A file to parse (txt, md, html, csv, json, pdf, docx — whatever the parser supports). */
export const uploadDocumentFileInput = z.object({
  filename: storedText().trim().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
  mimeType: storedText().trim().min(1).max(200).optional(),
  title: storedText().trim().min(1).max(200).optional(),
  metadata: documentMetadata().optional(),
});

export type UploadDocumentFileInput = z.output<typeof uploadDocumentFileInput>;
