import { z } from 'zod';
import { storedText } from '../../../shared/stored-text.js';
import { documentMetadata } from '../../document-metadata.js';

/** A text document: plain text or Markdown (`#` headings give the chunks their heading path). */
export const uploadDocumentInput = z.object({
  content: storedText().refine((value) => value.trim().length > 0, 'content must not be empty'),
  title: storedText().trim().min(1).max(200).optional(),
  metadata: documentMetadata().optional(),
});

export type UploadDocumentInput = z.output<typeof uploadDocumentInput>;
