import { z } from 'zod';

export const reindexDocumentInput = z.object({ documentId: z.uuid() });

export type ReindexDocumentInput = z.output<typeof reindexDocumentInput>;
