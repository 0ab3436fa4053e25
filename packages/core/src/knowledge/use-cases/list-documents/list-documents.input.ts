import { z } from 'zod';
import { pageCursor } from '../../../shared/cursor.js';
import { storedText } from '../../../shared/stored-text.js';

export const listDocumentsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.min(1).optional(),
  /** Part of the title to look for (case-insensitive); empty or blank shows every document. */
  title: storedText().max(200).optional(),
});

export type ListDocumentsInput = z.output<typeof listDocumentsInput>;
