import { normaliseQuestion } from '@chatbuddy/core';
import { insightsContract } from '@chatbuddy/core/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { useMigratedPglite } from './testing/migrated-database.js';

vi.setConfig({ testTimeout: 30_000 });

const database = useMigratedPglite();

insightsContract('PGlite', async () => ({
  repositories: database.persistence.repositories,
  feedback: database.persistence.repositories.feedback,
  analytics: database.persistence.repositories.analytics,
  leads: database.persistence.repositories.leads,
  webhookDeliveries: database.persistence.repositories.webhookDeliveries,
}));

describe('question key in SQL', () => {
  // Letters, digits, punctuation and spaces of the scripts questions are written in. (Characters
  // of recent Unicode versions may be classified differently by the database's tables.)
  const characters = [...'aZé ÜßçØœ ΑΩλ ЖЯж ضع 日本語 한국 0123456789٣ ?!.,;:—-_\'"«»()¿¡ \t\n😀'];

  it('agrees with normaliseQuestion on text of common scripts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...characters), maxLength: 40 }), async (text) => {
        const result = await sql<{ key: string }>`select chatbuddy_question_key(${text}) as key`.execute(
          database.persistence.db,
        );
        expect(result.rows[0]!.key).toBe(normaliseQuestion(text));
      }),
      { numRuns: 300 },
    );
  });
});
