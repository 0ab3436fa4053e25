import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import fc from 'fast-check';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from './pglite-dialect.js';
import { genericPlanComment } from './plan-hints.js';

interface Row {
  id: string;
  label: string | null;
  count: number | null;
  flags: boolean[] | null;
  details: unknown;
  at: Date | null;
  raw: Uint8Array | null;
  big: number | null;
  embedding: string | null;
}

type TestDatabase = any;

describe('PGliteDialect', () => {
  let client: PGlite;
  let db: Kysely<TestDatabase>;

  const prepared = async () =>
    (await client.query<{ count: number }>('select count(*)::int as count from pg_prepared_statements'))
      .rows[0]!.count;

  /** Prepared statements reading `name` from `table`, with how often each was planned which way. */
  const plansOf = async (table: string) =>
    (
      await client.query<{ name: string; generic: number; custom: number }>(
        `select name, generic_plans::int as generic, custom_plans::int as custom
         from pg_prepared_statements where statement like $1`,
        [`select "name" from "${table}"%`],
      )
    ).rows;

  beforeAll(async () => {
    client = await PGlite.create({ extensions: { vector } });
    await client.exec('create extension if not exists vector');
    db = new Kysely<TestDatabase>({ dialect: new PGliteDialect(client, { statementCacheSize: 8 }) });
    await sql`create table items (
      id uuid primary key, label text, count integer, flags boolean[], details jsonb,
      at timestamptz, raw bytea, big bigint, embedding vector(3)
    )`.execute(db);
  });

  afterAll(async () => {
    await db.destroy();
    await client.close();
  });

  it('gives the same rows and values as PGlite.query for any stored values, statement after statement', async () => {
    const value = fc.record({
      label: fc.option(
        fc.string({ unit: 'grapheme' }).map((text) => text.replaceAll('\u0000', '')),
        {
          nil: null,
        },
      ),
      count: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }),
      flags: fc.option(fc.array(fc.boolean(), { maxLength: 4 }), { nil: null }),
      details: fc.option(
        fc.jsonValue().map((json) => JSON.parse(JSON.stringify(json).replaceAll('\\u0000', ''))),
        {
          nil: null,
        },
      ),
      at: fc.option(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        {
          nil: null,
        },
      ),
      raw: fc.option(fc.uint8Array({ maxLength: 16 }), { nil: null }),
      big: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
      embedding: fc.option(
        fc
          .array(fc.integer({ min: -100, max: 100 }), { minLength: 3, maxLength: 3 })
          .map((v) => `[${v.join(',')}]`),
        { nil: null },
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.uuid({ version: 4 }), value, async (id, fields) => {
        const inserted = await db
          .insertInto('items')
          .values({
            id,
            ...fields,
            details: fields.details === null ? null : JSON.stringify(fields.details),
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .executeTakeFirst();
        const [ours] = (await db.selectFrom('items').selectAll().where('id', '=', id).execute()) as Row[];
        const theirs = (await client.query<Row>('select * from items where id = $1', [id])).rows[0];
        expect(ours).toEqual(theirs);
        if (inserted.numInsertedOrUpdatedRows === 1n) {
          expect(ours).toMatchObject({
            label: fields.label,
            count: fields.count,
            flags: fields.flags,
            details: fields.details,
            big: fields.big,
            embedding: fields.embedding,
          });
          expect(ours!.at?.getTime() ?? null).toBe(fields.at?.getTime() ?? null);
        }
      }),
      { numRuns: 60 },
    );
    const updated = await db.updateTable('items').set({ label: 'same' }).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(
      (await client.query<{ n: number }>('select count(*)::int as n from items')).rows[0]!.n,
    );
  });

  it('keeps repeated statements prepared, at most the cache size of them', async () => {
    await sql`deallocate all`.execute(db); // also drops the connection's cache (not a row statement)
    for (let round = 0; round < 3; round++) {
      await db.selectFrom('items').select('id').where('label', '=', `a${round}`).execute();
    }
    expect(await prepared()).toBe(1);
    for (let width = 1; width <= 20; width++) {
      const ids = Array.from({ length: width }, () => crypto.randomUUID());
      await db.selectFrom('items').select('id').where('id', 'in', ids).execute();
    }
    expect(await prepared()).toBe(8);
    // Each execution is planned for its own values, as an unnamed statement would be.
    expect((await client.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows).toEqual([
      { plan_cache_mode: 'force_custom_plan' },
    ]);
  });

  it('keeps a generic plan for a statement repeated in a transaction, an index lookup made while its table was tiny', async () => {
    await client.exec('create table parents (id uuid primary key, name text)');
    const first = crypto.randomUUID();
    await client.query(`insert into parents values ($1, 'first')`, [first]);
    // Statistics of a one-page table, as maintenance leaves them: a plan made now is for that size.
    await client.exec('vacuum analyze parents');
    const lookup = (executor: Kysely<TestDatabase>, id: string) =>
      executor.selectFrom('parents').select('name').where('id', '=', id).execute();
    // Read beside the dialect: a `show` through it would drop its prepared statements.
    const settings = async () =>
      (
        await client.query<{ mode: string; seqscan: string }>(
          `select current_setting('plan_cache_mode') as mode, current_setting('enable_seqscan') as seqscan`,
        )
      ).rows[0];
    const plans = () => plansOf('parents');

    await sql`deallocate all`.execute(db);
    await db.transaction().execute(async (tx) => {
      for (let round = 0; round < 8; round++) expect(await lookup(tx, first)).toEqual([{ name: 'first' }]);
      expect(await settings()).toEqual({ mode: 'auto', seqscan: 'off' });
    });
    const [inTransaction] = await plans();
    expect(inTransaction!.generic).toBeGreaterThan(0);

    // Outside a transaction every execution is planned for its values again.
    for (let round = 0; round < 3; round++) await lookup(db, first);
    const [outside] = await plans();
    expect(outside).toMatchObject({ generic: inTransaction!.generic, custom: inTransaction!.custom + 3 });
    expect(await settings()).toEqual({ mode: 'force_custom_plan', seqscan: 'on' });

    // The generic plan was made while the table had one row; it is an index lookup, and stays one
    // once the table has grown (a sequential scan would read every row at every execution).
    await client.exec(`insert into parents select gen_random_uuid(), 'other' from generate_series(1, 5000)`);
    await db.transaction().execute(async (tx) => {
      expect(await lookup(tx, first)).toEqual([{ name: 'first' }]);
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `explain (costs off) execute ${outside!.name} ('${first}')`,
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
        /Index (Only )?Scan using parents_pkey/,
      );
    });
    expect((await plans())[0]!.generic).toBeGreaterThan(inTransaction!.generic);
  });

  it('plans a statement marked for a generic plan once outside transactions, an index lookup made while its table was tiny', async () => {
    await client.exec('create table keyed (id uuid primary key, owner uuid not null, name text)');
    await client.exec('create index keyed_owner_idx on keyed (owner)');
    const owner = crypto.randomUUID();
    const first = crypto.randomUUID();
    await client.query(`insert into keyed values ($1, $2, 'first')`, [first, owner]);
    await client.exec('vacuum analyze keyed');
    const lookup = (executor: Kysely<TestDatabase>, id: string) =>
      executor
        .selectFrom('keyed')
        .select('name')
        .where('id', '=', id)
        .modifyEnd(sql.raw(genericPlanComment))
        .execute();
    const plans = () => plansOf('keyed');

    await sql`deallocate all`.execute(db);
    await sql`select 1`.execute(db); // the backend's last answer says it is outside a transaction
    for (let round = 0; round < 6; round++) expect(await lookup(db, first)).toEqual([{ name: 'first' }]);
    const [outside] = await plans();
    expect(outside).toMatchObject({ generic: 6, custom: 0 });
    expect(client.isInTransaction()).toBe(false);
    expect(
      (
        await client.query<{ mode: string; seqscan: string }>(
          `select current_setting('plan_cache_mode') as mode, current_setting('enable_seqscan') as seqscan`,
        )
      ).rows[0],
    ).toEqual({ mode: 'force_custom_plan', seqscan: 'on' });

    // Made while the table had one row, the plan is a primary-key lookup and stays one.
    await client.exec(
      `insert into keyed select gen_random_uuid(), $$${owner}$$::uuid, 'other' from generate_series(1, 5000)`,
    );
    expect(await lookup(db, first)).toEqual([{ name: 'first' }]);
    expect((await plans())[0]).toMatchObject({ generic: 7, custom: 0 });
    await client.exec('begin; set local plan_cache_mode = force_generic_plan');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `explain (costs off) execute ${outside!.name} ('${first}')`,
    );
    await client.exec('rollback');
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using keyed_pkey/);
  });

  it("runs a marked statement inside a caller's transaction as part of it, and a failed one leaves none open", async () => {
    await client.exec('create table marked (id integer primary key, name text)');
    const names = () =>
      db.selectFrom('marked').select('name').orderBy('id').modifyEnd(sql.raw(genericPlanComment)).execute();
    await sql`select 1`.execute(db);
    // Its own short transaction never commits the caller's: the insert is rolled back.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('marked').values({ id: 1, name: 'kept?' }).execute();
        expect(
          await trx.selectFrom('marked').select('name').modifyEnd(sql.raw(genericPlanComment)).execute(),
        ).toEqual([{ name: 'kept?' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await names()).toEqual([]);
    expect(client.isInTransaction()).toBe(false);

    // A marked statement that fails leaves no transaction behind, and the next one works.
    const byId = (id: string) =>
      sql`select name from marked where id = ${id}::integer ${sql.raw(genericPlanComment)}`.execute(db);
    await expect(byId('not a number')).rejects.toMatchObject({ code: '22P02' });
    expect(client.isInTransaction()).toBe(false);
    await db.insertInto('marked').values({ id: 2, name: 'two' }).execute();
    expect((await byId('2')).rows).toEqual([{ name: 'two' }]);
    expect((await byId('2')).rows).toEqual([{ name: 'two' }]);

    // A marked write commits as any statement outside a transaction does; one that fails
    // (here on its second row) writes nothing.
    const insert = (...ids: number[]) =>
      db
        .insertInto('marked')
        .values(ids.map((id) => ({ id, name: `n${id}` })))
        .modifyEnd(sql.raw(genericPlanComment))
        .execute();
    await insert(3);
    await expect(insert(4, 2)).rejects.toMatchObject({ code: '23505' });
    expect(await names()).toEqual([{ name: 'two' }, { name: 'n3' }]);
    expect(client.isInTransaction()).toBe(false);
  });

  it('closes the least recently used statement when full, not the one prepared first', async () => {
    await sql`deallocate all`.execute(db);
    const byLabel = () => db.selectFrom('items').select('id').where('label', '=', 'x').execute();
    const byIds = (width: number) =>
      db
        .selectFrom('items')
        .select('id')
        .where(
          'id',
          'in',
          Array.from({ length: width }, () => crypto.randomUUID()),
        )
        .execute();
    await byLabel();
    for (let width = 1; width <= 7; width++) await byIds(width);
    await byLabel(); // used again: now the most recent
    await byIds(8); // the cache of 8 is full: the statement of width 1 goes
    const statements = (
      await client.query<{ statement: string }>('select statement from pg_prepared_statements')
    ).rows.map((row) => row.statement);
    expect(statements).toHaveLength(8);
    expect(statements.some((text) => text.includes('"label" = $1'))).toBe(true);
    expect(statements.some((text) => text.endsWith('in ($1)'))).toBe(false);
    expect(statements.some((text) => text.endsWith('in ($1, $2)'))).toBe(true);
  });

  it('reads a changed table correctly after DDL, without a stale cached plan', async () => {
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await db.insertInto('notes').values({ id: 1, body: 'one' }).execute();
    const before = await db.selectFrom('notes').selectAll().execute();
    expect(before).toEqual([{ id: 1, body: 'one' }]);
    await sql`alter table notes add column extra text default 'x'`.execute(db);
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, body: 'one', extra: 'x' }]);
    await sql`alter table notes drop column body`.execute(db);
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 1, extra: 'x' }]);
  });

  it('rolls back a transaction whose cached statement fails, and goes on working', async () => {
    await sql`create table uniques (id integer primary key)`.execute(db);
    const insert = (id: number) => db.insertInto('uniques').values({ id }).execute();
    await insert(1);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('uniques').values({ id: 2 }).execute();
        await trx.insertInto('uniques').values({ id: 1 }).execute();
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.selectFrom('uniques').select('id').orderBy('id').execute()).toEqual([{ id: 1 }]);
    await expect(db.selectFrom('no_such_table').selectAll().execute()).rejects.toMatchObject({
      code: '42P01',
    });
    await expect(sql`selec 1`.execute(db)).rejects.toMatchObject({ code: '42601' });
    await insert(3);
    expect(await db.selectFrom('uniques').select('id').orderBy('id').execute()).toEqual([
      { id: 1 },
      { id: 3 },
    ]);
    expect(client.isInTransaction()).toBe(false);
  });

  it('works with the cache turned off', async () => {
    const uncached = new Kysely<TestDatabase>({
      dialect: new PGliteDialect(client, { statementCacheSize: 0 }),
    });
    await sql`deallocate all`.execute(uncached);
    const rows = await uncached
      .selectFrom('uniques')
      .select('id')
      .where('id', '>', 0)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await prepared()).toBe(0);
  });
});
