import type { CuratedAnswer, CuratedAnswerRepository, Page, PageRequest } from '@chatbuddy/core';
import { DomainError } from '@chatbuddy/core';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { CuratedAnswerRow } from '../schema/curated-answers.js';
import type { Database } from '../schema/index.js';
import { afterCursor, fetchSize, isUuid, toPage } from './keyset.js';

const toAnswer = (row: Selectable<CuratedAnswerRow>): CuratedAnswer => ({
  id: row.id,
  projectId: row.project_id,
  question: row.question,
  answer: row.answer,
  alternativeQuestions: row.alternative_questions,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * The project's curated-answer revision as an SQL expression (a subquery): the count, latest
 * change and total size of its answers, so a created, edited or deleted answer changes it. The
 * key lookup reads it in its own statement (`KyselyApiKeyRepository`).
 */
export function curatedRevisionOf(projectId: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(select count(*)::int || ':' || coalesce(max(ca.updated_at)::text, '') || ':' ||
      coalesce(sum(length(ca.question) + length(ca.answer) + length(ca.alternative_questions::text))::int, 0)
    from curated_answers ca where ca.project_id = ${projectId})`;
}

/** Curated answers in `curated_answers` (removed with their project by the foreign key's cascade). */
export class KyselyCuratedAnswerRepository implements CuratedAnswerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(projectId: string, page: PageRequest): Promise<Page<CuratedAnswer>> {
    if (!isUuid(projectId)) return { items: [], nextCursor: null };
    const rows = await this.db
      .selectFrom('curated_answers')
      .selectAll()
      .where('project_id', '=', projectId)
      .where(afterCursor(page))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(fetchSize(page))
      .execute();
    return toPage(rows.map(toAnswer), page);
  }

  async all(projectId: string): Promise<CuratedAnswer[]> {
    if (!isUuid(projectId)) return [];
    const rows = await this.db
      .selectFrom('curated_answers')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toAnswer);
  }

  async findById(projectId: string, id: string): Promise<CuratedAnswer | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db
      .selectFrom('curated_answers')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAnswer(row) : null;
  }

  async count(projectId: string): Promise<number> {
    if (!isUuid(projectId)) return 0;
    const row = await this.db
      .selectFrom('curated_answers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async createMany(answers: readonly CuratedAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    const projectIds = new Set(answers.map((answer) => answer.projectId));
    if (projectIds.size > 1) throw new DomainError('invalid_input', 'Answers of one project at a time');
    if (!isUuid(answers[0]!.projectId)) throw new DomainError('project_not_found', 'Project not found');
    // One statement: all rows or none.
    await this.db
      .insertInto('curated_answers')
      .values(
        answers.map((answer) => ({
          id: answer.id,
          project_id: answer.projectId,
          question: answer.question,
          answer: answer.answer,
          alternative_questions: JSON.stringify(answer.alternativeQuestions),
          created_at: answer.createdAt,
          updated_at: answer.updatedAt,
        })),
      )
      .execute();
  }

  async update(answer: CuratedAnswer): Promise<boolean> {
    if (!isUuid(answer.projectId) || !isUuid(answer.id)) return false;
    const result = await this.db
      .updateTable('curated_answers')
      .set({
        question: answer.question,
        answer: answer.answer,
        alternative_questions: JSON.stringify(answer.alternativeQuestions),
        updated_at: answer.updatedAt,
      })
      .where('project_id', '=', answer.projectId)
      .where('id', '=', answer.id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const result = await this.db
      .deleteFrom('curated_answers')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async revision(projectId: string): Promise<string> {
    if (!isUuid(projectId)) return '0';
    const row = await sql<{ revision: string }>`
      select ${curatedRevisionOf(sql`${projectId}::uuid`)} as revision`.execute(this.db);
    return row.rows[0]!.revision;
  }
}
