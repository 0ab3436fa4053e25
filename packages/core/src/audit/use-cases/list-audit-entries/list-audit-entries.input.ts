import { z } from 'zod';
import { pageCursor } from '../../../shared/cursor.js';
import { auditActions } from '../../audit-entry.js';

const instant = z.string().trim().datetime({ offset: true }).max(40);

export const listAuditEntriesInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
  /** One action or several, comma-separated. */
  action: z
    .string()
    .max(500)
    .transform((value) => value.split(',').map((action) => action.trim()))
    .pipe(z.array(z.enum(auditActions)).min(1))
    .optional(),
  /** Entries at or after this instant (ISO-8601). */
  since: instant.optional(),
  /** Entries before this instant (ISO-8601). */
  until: instant.optional(),
});

export type ListAuditEntriesInput = z.output<typeof listAuditEntriesInput>;
