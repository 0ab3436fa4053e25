import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { migrationProvider } from './index.js';

let persistence: PostgresPersistence;
const ids = {
  user: '00000000-0000-4000-8000-000000000001',
  project: '00000000-0000-4000-8000-000000000002',
  conversation: '00000000-0000-4000-8000-000000000003',
};

beforeAll(async () => {
  persistence = await createPostgresPersistence({ dataDir: 'memory' });
  const migrator = new Migrator({ db: persistence.db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('2026-12-01T1200-lease-document-indexing');
  if (error) throw error;
}, 120_000);
afterAll(() => persistence?.close());

describe('migration 2026-12-01T1330 on existing data', () => {
  it('gives existing answers their question key and seeds the month counter from this month’s log', async () => {
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const run = (statement: ReturnType<typeof sql>) => statement.execute(persistence.db);
    await run(
      sql`insert into users values (${ids.user}, 'a@example.com', 'A', 'x', 'user', 'active', null, ${now}, ${now}, ${now})`,
    );
    await run(sql`insert into projects (id, owner_id, name, model_provider, model_config, system_prompt, assistant,
      allowed_origins, token_limit, tokens_used, embedding_model, metadata, created_at, updated_at)
      values (${ids.project}, ${ids.user}, 'P', 'local', '{}', null, '{}', '[]', 100, 12, null, '{}', ${lastMonth}, ${lastMonth})`);
    await run(
      sql`insert into conversations values (${ids.conversation}, ${ids.project}, null, 'T', null, 0, 2, ${now}, ${now})`,
    );
    await run(sql`insert into conversation_messages (id, conversation_id, project_id, role, content, sources, answered, created_at)
      values ('00000000-0000-4000-8000-000000000010', ${ids.conversation}, ${ids.project}, 'user', 'Shipping to MARS?', '[]', null, ${now}),
             ('00000000-0000-4000-8000-000000000011', ${ids.conversation}, ${ids.project}, 'assistant', 'I don''t know.', '[]', false, ${new Date(now.getTime() + 1)})`);
    for (const [id, tokens, at] of [
      ['00000000-0000-4000-8000-000000000020', 5, lastMonth],
      ['00000000-0000-4000-8000-000000000021', 7, now],
    ] as const)
      await run(
        sql`insert into usage_logs values (${id}, ${ids.project}, '/chat', 'local', 'm', 0, 0, ${tokens}, 1, 'answered', ${at})`,
      );

    await persistence.migrate();
    const project = await persistence.repositories.projects.findById(ids.project);
    expect(project).toMatchObject({ tokenLimitPeriod: 'month', tokensUsed: 12, periodTokensUsed: 7 });
    expect(project?.periodStart).toEqual(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
    const keys = await sql<{ key: string | null }>`select question_key as key from conversation_messages
      where role = 'assistant'`.execute(persistence.db);
    expect(keys.rows).toEqual([{ key: 'shipping to mars' }]);
  });
});
