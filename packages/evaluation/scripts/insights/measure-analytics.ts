/**
 * Times the analytics report (`GET /projects/:id/analytics`: GetAnalytics over the SQL adapters)
 * on a project with 100,000 messages (10,000 conversations over 40 days), beside a second project
 * with 20,000, on PGlite (in memory) and, with --url, on a PostgreSQL server (a fresh database
 * is created there and dropped afterwards). Reports the median of --runs runs after one warm-up,
 * before and after ANALYZE (PGlite has no autovacuum to gather planner statistics).
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/insights/measure-analytics.ts \
 *     [--url postgres://postgres@127.0.0.1:5432/postgres] [--conversations 10000] [--runs 9]
 */
import { parseArgs } from 'node:util';
import { GetAnalytics } from '@chatbuddy/core';
import { makeProject, makeUser } from '@chatbuddy/core/testing';
import { createPostgresPersistence, type PostgresPersistenceOptions } from '@chatbuddy/adapters-postgres';
import { createTestDatabase } from '@chatbuddy/adapters-postgres/testing';
import { sql } from 'kysely';
import { seedConversations } from './seed-conversations.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    conversations: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '9' },
  },
});
const conversations = Number(values.conversations);
const runs = Number(values.runs);
const until = new Date('2026-12-01T12:00:00.000Z');

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function measure(name: string, options: PostgresPersistenceOptions): Promise<void> {
  const persistence = await createPostgresPersistence(options);
  try {
    await persistence.migrate();
    const { users, projects } = persistence.repositories;
    const owner = await users.create(makeUser());
    const project = await projects.create(makeProject(owner.id));
    const neighbour = await projects.create(makeProject(owner.id));
    const seeding = performance.now();
    await seedConversations(persistence.db, project.id, { conversations, days: 40, until });
    await seedConversations(persistence.db, neighbour.id, {
      conversations: conversations / 5,
      days: 40,
      until,
    });
    const seeded = (performance.now() - seeding) / 1000;
    const analytics = new GetAnalytics(persistence.repositories.analytics, persistence.repositories.usage, {
      now: () => until,
    });
    const time = async () => {
      await analytics.execute(project); // warm-up
      const timings: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        await analytics.execute(project);
        timings.push(performance.now() - started);
      }
      return timings;
    };
    const before = await time();
    await sql`analyze`.execute(persistence.db);
    const after = await time();
    const report = await analytics.execute(project);
    const format = (timings: number[]) =>
      `median ${median(timings).toFixed(1)} ms (min ${Math.min(...timings).toFixed(1)}, max ${Math.max(...timings).toFixed(1)})`;
    console.log(
      `${name}: ${report.counts.messages} messages in the project, seeded in ${seeded.toFixed(1)} s`,
    );
    console.log(
      `  answers in 30 days ${report.answers.total} (${report.answers.unanswered} unanswered, ` +
        `${report.unansweredQuestions.length} groups listed, top ${report.unansweredQuestions[0]?.count}×), ` +
        `thumbs-down ${report.ratings.down}, curated hits ${report.curatedHits}`,
    );
    console.log(`  before ANALYZE: ${format(before)}`);
    console.log(`  after ANALYZE:  ${format(after)}`);
  } finally {
    await persistence.close();
  }
}

await measure('PGlite (in memory)', { dataDir: 'memory' });
if (values.url) {
  const database = await createTestDatabase(values.url);
  try {
    await measure('PostgreSQL server', { url: database.url });
  } finally {
    await database.drop();
  }
}
