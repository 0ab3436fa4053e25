import { z } from 'zod';

/** One repair pass; `projectId` limits it to one project. */
export const repairDocumentsInput = z.object({
  projectId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /**
   * Every `pending`/`indexing` document counts as abandoned, leased or not: only when no other
   * process can be running (the embedded database at start, held by one process).
   */
  everyUnfinished: z.boolean().default(false),
  /** Then reindexes `failed` documents (the interrupted ones among them), not only releases them. */
  reindex: z.boolean().default(false),
});

export type RepairDocumentsInput = z.output<typeof repairDocumentsInput>;
