import { z } from 'zod';

export const getDocumentInput = z.object({ documentId: z.uuid() });

export type GetDocumentInput = z.output<typeof getDocumentInput>;
