import type { LeadDirectorySubject, LeadSeeder } from '@chatbuddy/core/testing';
import type { Kysely } from 'kysely';
import type { PostgresPersistence } from '../postgres-persistence.js';
import type { Database } from '../schema/index.js';
import { leadOtpRow, leadRow, sessionRow } from '../repositories/lead-rows.js';

/** Writes lead-flow rows with plain inserts, for the lead directory contract. */
export function postgresLeadSeeder(db: Kysely<Database>): LeadSeeder {
  return {
    lead: async (lead) => {
      await db.insertInto('assistant_leads').values(leadRow(lead)).execute();
    },
    session: async (session) => {
      await db.insertInto('assistant_sessions').values(sessionRow(session)).execute();
    },
    otp: async (otp) => {
      await db.insertInto('assistant_lead_otps').values(leadOtpRow(otp)).execute();
    },
    feedback: async (projectId, messageId) => {
      const at = new Date('2026-01-01T00:00:00Z');
      await db
        .insertInto('message_feedback')
        .values({
          message_id: messageId,
          project_id: projectId,
          rating: 'down',
          comment: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    },
    exists: async (table, id) => {
      const query =
        table === 'session'
          ? db.selectFrom('assistant_sessions').select('id').where('id', '=', id)
          : table === 'otp'
            ? db.selectFrom('assistant_lead_otps').select('id').where('id', '=', id)
            : db.selectFrom('message_feedback').select('message_id as id').where('message_id', '=', id);
      return (await query.executeTakeFirst()) !== undefined;
    },
  };
}

/** The lead directory contract's view of a persistence. */
export function leadDirectorySubject(persistence: PostgresPersistence): LeadDirectorySubject {
  return {
    repositories: persistence.repositories,
    directory: persistence.repositories.leadDirectory,
    deliveries: persistence.repositories.webhookDeliveries,
    seed: postgresLeadSeeder(persistence.db),
  };
}
