import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord } from '../../ports/idempotency.repository.port.js';
import { type MakeRepositorySubject, seedProject } from './repository-fixtures.js';

const at = (hours: number) => new Date(Date.UTC(2026, 0, 1, hours));

/** Behaviour every `IdempotencyRepository` must have. */
export function idempotencyRepositoryContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const subject = await makeSubject();
    const project = await seedProject(subject.repositories);
    const record = (overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
      projectId: project.id,
      key: 'upload-1',
      requestHash: 'hash-a',
      state: 'running',
      responseStatus: null,
      responseBody: null,
      createdAt: at(0),
      expiresAt: at(24),
      ...overrides,
    });
    return { idempotency: subject.idempotency, record };
  };

  describe(`IdempotencyRepository contract: ${name}`, () => {
    it('claims a new key once and returns the running then completed record to later claims', async () => {
      const { idempotency, record } = await setup();
      expect(await idempotency.claim(record())).toBeNull();
      expect(await idempotency.claim(record({ requestHash: 'hash-b', createdAt: at(1) }))).toMatchObject({
        state: 'running',
        requestHash: 'hash-a',
      });
      await idempotency.complete(record().projectId, 'upload-1', 201, { document: { id: 'd1', title: '✓' } });
      expect(await idempotency.claim(record({ createdAt: at(2) }))).toMatchObject({
        state: 'completed',
        responseStatus: 201,
        responseBody: { document: { id: 'd1', title: '✓' } },
      });
    });

    it('exactly one of many concurrent claims of a key wins', async () => {
      const { idempotency, record } = await setup();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => idempotency.claim(record({ key: 'race' }))),
      );
      expect(results.filter((result) => result === null)).toHaveLength(1);
    });

    it('replaces an expired record and frees a released key', async () => {
      const { idempotency, record } = await setup();
      expect(await idempotency.claim(record({ key: 'old', expiresAt: at(1) }))).toBeNull();
      expect(await idempotency.claim(record({ key: 'old', createdAt: at(2), expiresAt: at(26) }))).toBeNull();
      expect(await idempotency.claim(record({ key: 'old', createdAt: at(3) }))).toMatchObject({
        expiresAt: at(26),
      });
      await idempotency.release(record().projectId, 'old');
      expect(await idempotency.claim(record({ key: 'old', createdAt: at(4) }))).toBeNull();
    });
  });
}
