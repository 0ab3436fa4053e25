import { normaliseQuestion } from '@chatbuddy/core';
import { insightsContract } from '@chatbuddy/core/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from './postgres-persistence.js';

vi.setConfig({ testTimeout: 30_000 });

let persistence: PostgresPersistence;

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  await persistence.migrate();
}, 180_000);

afterAll(async () => {
  await persistence?.close();
});

insightsContract('PGlite', async () => ({
  repositories: persistence.repositories,
  feedback: persistence.repositories.feedback,
  analytics: persistence.repositories.analytics,
  leads: persistence.repositories.leads,
  webhookDeliveries: persistence.repositories.webhookDeliveries,
}));

describe('question key in SQL', () => {
  // Letters, digits, punctuation and spaces of the scripts questions are written in. (Characters
  // of recent Unicode versions may be classified differently by the database's tables.)
  const characters = [...'aZé ÜßçØœ ΑΩλ ЖЯж ضع 日本語 한국 0123456789٣ ?!.,;:—-_\'"«»()¿¡ \t\n😀'];

  it('agrees with normaliseQuestion on text of common scripts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...characters), maxLength: 40 }), async (text) => {
        const result = await sql<{ key: string }>`select chatbuddy_question_key(${text}) as key`.execute(
          persistence.db,
        );
        expect(result.rows[0]!.key).toBe(normaliseQuestion(text));
      }),
      { numRuns: 300 },
    );
  });
});
