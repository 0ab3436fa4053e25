import { z } from 'zod';

export const deleteDocumentInput = z.object({ documentId: z.uuid() });

export type DeleteDocumentInput = z.output<typeof deleteDocumentInput>;
