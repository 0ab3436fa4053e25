import { z } from 'zod';
import { storedText } from '../../../shared/stored-text.js';
import { documentMetadata } from '../../document-metadata.js';

/** New content for a document; `title` and `metadata` replace the old ones when given. */
export const replaceDocumentInput = z.object({
  documentId: z.uuid(),
  content: storedText().refine((value) => value.trim().length > 0, 'content must not be empty'),
  title: storedText().trim().min(1).max(200).optional(),
  metadata: documentMetadata().optional(),
});

export type ReplaceDocumentInput = z.output<typeof replaceDocumentInput>;
