import { z } from 'zod';

/** One repair pass; `projectId` limits it to one project. */
export const repairDocumentsInput = z.object({
  projectId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export type RepairDocumentsInput = z.output<typeof repairDocumentsInput>;
