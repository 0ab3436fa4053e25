import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@chatbuddy/core';
import { Kysely, sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence } from '../postgres-persistence.js';
import { pgliteStartParams } from './pglite-settings.js';
import { PgliteThread, PgliteThreadDialect } from './pglite-thread.js';
import { genericPlanComment } from './plan-hints.js';
import { fromThreadError, toThreadError } from './pglite-thread-protocol.js';

vi.setConfig({ testTimeout: 120_000 });

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return isDomainError(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return 'no error';
};

describe('PGlite in a worker thread', () => {
  it('runs statements, keeps transactions apart, reports database errors by their code and archives its folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-thread-'));
    const persistence = await createPostgresPersistence({ dataDir, thread: 'worker' });
    try {
      await persistence.migrate();
      const { db } = persistence;
      const row = await sql<{ at: Date; json: { a: number }; bytes: Uint8Array; big: number }>`
        select now() as at, '{"a":1}'::jsonb as json, '\\x0102'::bytea as bytes, 9007199254740991::int8 as big`.execute(
        db,
      );
      expect(row.rows[0]!.at).toBeInstanceOf(Date);
      expect(row.rows[0]!.json).toEqual({ a: 1 });
      expect([...row.rows[0]!.bytes]).toEqual([1, 2]);
      expect(row.rows[0]!.big).toBe(9007199254740991);

      // A unique violation and a bad value keep their SQLSTATE across the thread boundary.
      await sql`create table kv (k text primary key, n int)`.execute(db);
      await sql`insert into kv values ('a', 1)`.execute(db);
      expect(await codeOf(sql`insert into kv values ('a', 2)`.execute(db))).toBe('conflict');
      expect(await codeOf(sql`insert into kv values ('b', ${'not a number'})`.execute(db))).toBe(
        'invalid_input',
      );

      // A statement outside a transaction waits for the transaction to end, and a rollback undoes it.
      const order: string[] = [];
      await expect(
        db.transaction().execute(async (tx) => {
          await sql`insert into kv values ('c', 3)`.execute(tx);
          const outside = sql<{ n: number }>`select count(*)::int as n from kv`
            .execute(db)
            .then((result) => order.push(`outside saw ${result.rows[0]!.n}`));
          await new Promise((resolve) => setTimeout(resolve, 50));
          order.push('transaction ends');
          void outside;
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(order).toEqual(['transaction ends', 'outside saw 1']);

      const archive = await persistence.backup!();
      expect([archive[0], archive[1]]).toEqual([0x1f, 0x8b]); // gzip
      expect(await persistence.compactHeap!()).toBe(true);
    } finally {
      await persistence.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends a transaction’s begin with its first statement, and nothing for a transaction without one', async () => {
    const options = { dataDir: 'memory', startParams: pgliteStartParams(), statementCacheSize: 10 };
    const thread = await PgliteThread.open(options);
    const db = new Kysely<any>({ dialect: new PgliteThreadDialect(thread) });
    try {
      await sql`create table kv (k text primary key, n int)`.execute(db);
      let sent = thread.requestsSent;
      await db.transaction().execute(async (tx) => {
        await sql`insert into kv values ('a', 1)`.execute(tx);
        await sql`insert into kv values ('b', 2)`.execute(tx);
      });
      expect(thread.requestsSent - sent).toBe(3); // two statements (the first with begin), commit

      sent = thread.requestsSent;
      await db.transaction().execute(async () => {});
      expect(thread.requestsSent - sent).toBe(0);

      // The thread begins a transaction as the dialect does (decision 0033); outside, nothing changed.
      const seqscan = async (executor: Kysely<any>) =>
        (await sql<{ value: string }>`select current_setting('enable_seqscan') as value`.execute(executor))
          .rows;
      await db.transaction().execute(async (tx) => {
        expect(await seqscan(tx)).toEqual([{ value: 'off' }]);
      });
      expect(await seqscan(db)).toEqual([{ value: 'on' }]);

      // A statement marked for a generic plan runs in a short transaction of its own outside one
      // (decision 0039), and as part of a transaction whose begin travels with it.
      const marked = (executor: Kysely<any>) =>
        sql<{ n: number }>`select n from kv where k = ${'a'} ${sql.raw(genericPlanComment)}`.execute(
          executor,
        );
      for (let round = 0; round < 3; round++) expect((await marked(db)).rows).toEqual([{ n: 1 }]);
      const plans = await sql<{ generic: number; custom: number }>`
        select generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like ${'select n from kv%'}`.execute(db);
      expect(plans.rows).toEqual([{ generic: 3, custom: 0 }]);
      await expect(
        db.transaction().execute(async (tx) => {
          expect((await marked(tx)).rows).toEqual([{ n: 1 }]);
          await sql`insert into kv values ('e', 5)`.execute(tx);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');

      // A first statement that fails still opened the transaction, which is rolled back.
      await expect(
        db.transaction().execute(async (tx) => {
          await sql`insert into kv values ('a', 3)`.execute(tx);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await expect(
        db.transaction().execute(async (tx) => {
          await sql`insert into kv values ('c', 3)`.execute(tx);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      // No transaction was left open: a write now commits, and a stray rollback cannot undo it.
      await sql`insert into kv values ('d', 4)`.execute(db);
      await thread.query('rollback', []);
      const rows = await sql<{ k: string }>`select k from kv order by k`.execute(db);
      expect(rows.rows.map((row) => row.k)).toEqual(['a', 'b', 'd']);
    } finally {
      await db.destroy();
      await thread.close();
    }
  });

  it('refuses statements after close, or after its thread died, as a database gone away (57P01: unavailable)', async () => {
    const options = { dataDir: 'memory', startParams: pgliteStartParams(), statementCacheSize: 10 };
    const closed = await PgliteThread.open(options);
    expect((await closed.query<{ n: number }>('select 1 as n', [])).rows).toEqual([{ n: 1 }]);
    await closed.close();
    await expect(closed.query('select 1', [])).rejects.toMatchObject({ code: '57P01' });

    const thread = await PgliteThread.open(options);
    const running = thread.query('select pg_sleep(0.5)', []);
    // The thread stops under the statement (as when it crashes).
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(running).rejects.toMatchObject({ code: '57P01' });
    await expect(thread.query('select 1', [])).rejects.toMatchObject({ code: '57P01' });
    await thread.close();
    // What the persistence makes of it: the readiness check fails as unavailable.
    const { translateDatabaseError } = await import('./database-errors.js');
    expect(translateDatabaseError(await thread.query('select 1', []).catch((error) => error)).code).toBe(
      'dependency_unavailable',
    );
  });

  it('carries an error’s fields, not its class, across the boundary', () => {
    const original = Object.assign(new Error('duplicate key'), {
      code: '23505',
      constraint: 'kv_pkey',
      length: 90,
    });
    original.name = 'DatabaseError';
    const copy = fromThreadError(structuredClone(toThreadError(original)));
    expect(copy).toBeInstanceOf(Error);
    expect(copy).toMatchObject({
      name: 'DatabaseError',
      message: 'duplicate key',
      code: '23505',
      constraint: 'kv_pkey',
    });
    expect(toThreadError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});
