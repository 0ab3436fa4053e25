import { seedProject } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { isTransactionConflict } from './kysely-unit-of-work.js';
import { useMigratedDatabase } from './testing/migrated-database.js';

const serverUrl = process.env.DB_URL;

/** Resolves once `count` parties have arrived. */
function barrier(count: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived >= count) open();
    await opened;
  };
}

describe.skipIf(!serverUrl)('Transactions on a PostgreSQL server (DB_URL)', () => {
  const database = useMigratedDatabase(serverUrl!, { poolSize: 4 });

  it('runs a deadlock victim again, so both transactions take effect exactly once', async () => {
    const { repositories, unitOfWork } = database.persistence;
    const first = await seedProject(repositories, { tokenLimit: 1_000_000, tokenLimitPeriod: 'lifetime' });
    const second = await seedProject(repositories, { tokenLimit: 1_000_000, tokenLimitPeriod: 'lifetime' });
    const bothLocked = barrier(2);
    const attempts = { forward: 0, backward: 0 };
    // Each transaction locks one project row, waits until the other holds its row, then asks
    // for the other's row: PostgreSQL must end one of them as a deadlock victim (40P01).
    const transfer = (from: string, to: string, name: keyof typeof attempts) =>
      unitOfWork.run(async (tx) => {
        attempts[name] += 1;
        await tx.projects.reserveTokens(from, 10, new Date());
        if (attempts[name] === 1) await bothLocked();
        await tx.projects.reserveTokens(to, 10, new Date());
      });
    await Promise.all([transfer(first.id, second.id, 'forward'), transfer(second.id, first.id, 'backward')]);
    expect(attempts.forward + attempts.backward).toBe(3);
    for (const project of [first, second]) {
      expect((await repositories.projects.findById(project.id))?.tokensReserved).toBe(20);
    }
  }, 30_000);

  it('recognises deadlocks and serialisation failures, raw or mapped, and nothing else', () => {
    expect(isTransactionConflict({ code: '40P01' })).toBe(true);
    expect(isTransactionConflict(new Error('mapped', { cause: { code: '40001' } }))).toBe(true);
    expect(isTransactionConflict({ code: '23505' })).toBe(false);
    expect(isTransactionConflict(new Error('plain'))).toBe(false);
  });
});
