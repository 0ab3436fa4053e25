import type { Database } from '@chatbuddy/adapters-postgres';
import { type Kysely, sql } from 'kysely';

/**
 * Seeds `conversations` × 10 messages (5 question/answer turns) for a project in three bulk
 * statements, spread evenly over the `days` before `until`: 500 topics asked in 6 phrasings, one
 * answer in four `I don't know.`, a rating on one answer in 25 (one in three of them down), one
 * usage event per answer (one in ten `curated`). Rows go in conversation order, so the trigger that
 * stores each answer's question key finds the question inserted just before.
 */
export async function seedConversations(
  db: Kysely<Database>,
  projectId: string,
  options: { conversations: number; days: number; until: Date },
): Promise<void> {
  const start = new Date(options.until.getTime() - options.days * 86_400_000);
  const step = `${Math.floor((options.days * 86_400) / options.conversations)} seconds`;
  await sql`insert into conversations
    select md5(${projectId} || 'c' || g)::uuid, ${projectId}::uuid, null, 'Conversation ' || g, null, 0, 10,
      ${start}::timestamptz + g * ${step}::interval, ${start}::timestamptz + g * ${step}::interval
    from generate_series(1, ${options.conversations}::int) g`.execute(db);
  await sql`insert into conversation_messages
      (id, conversation_id, project_id, role, content, sources, answered, confidence, usage, created_at)
    select md5(${projectId} || 'm' || g || '-' || t || '-' || r)::uuid, md5(${projectId} || 'c' || g)::uuid,
      ${projectId}::uuid, case r when 0 then 'user' else 'assistant' end,
      case when r = 0 then
        (array['What is ', 'what is ', 'WHAT IS '])[1 + (g + t) % 3] || 'topic ' || ((g * 7 + t) % 500)
          || (case (g + t) % 2 when 0 then '?' else ' ??' end)
      when (g * 13 + t) % 4 = 0 then 'I don''t know.'
      else 'Topic ' || ((g * 7 + t) % 500) || ' is explained in the handbook.' end,
      '[]'::jsonb, case r when 0 then null else (g * 13 + t) % 4 <> 0 end, null, null,
      ${start}::timestamptz + g * ${step}::interval + t * interval '10 seconds' + r * interval '1 millisecond'
    from generate_series(1, ${options.conversations}::int) g, generate_series(0, 4) t, generate_series(0, 1) r
    order by g, t, r`.execute(db);
  await sql`insert into message_feedback
    select id, project_id, case when abs(hashtext(id::text)) % 3 = 0 then 'down' else 'up' end,
      null, created_at, created_at
    from conversation_messages
    where project_id = ${projectId}::uuid and role = 'assistant' and abs(hashtext(id::text)) % 25 = 0`.execute(
    db,
  );
  await sql`insert into usage_logs
    select md5(id::text || 'u')::uuid, project_id, '/chat', 'local', 'extractive', 40, 20, 60, 12,
      case when not answered then 'abstained' when abs(hashtext(id::text)) % 10 = 0 then 'curated' else 'answered' end,
      created_at
    from conversation_messages where project_id = ${projectId}::uuid and role = 'assistant'`.execute(db);
}
