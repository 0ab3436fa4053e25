import { type Actor, loadAccessibleProject } from '../../projects/index.js';
import type { Clock } from '../../ports/clock.port.js';
import type { CuratedAnswerRepository } from '../../ports/curated-answer.repository.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import { DomainError } from '../../shared/domain-error.js';
import {
  type CuratedAnswer,
  curatedAnswerInput,
  curatedAnswerLimits,
  answerHolding,
  distinctAlternatives,
  questionKey,
} from './curated-answer.js';
import type { CuratedAnswerIndex } from './curated-answer-index.js';
import { assertRoom } from './manage-curated-answers.js';

/** One data row of an imported table; `row` is its line number in the file (header = 1). */
export interface CuratedAnswerRow {
  row: number;
  question?: string | undefined;
  answer?: string | undefined;
  /** Alternatives separated by `|` or line breaks. */
  alternative_questions?: string | undefined;
}

/** One problem of an import, by row. */
export interface ImportIssue {
  row: number;
  path: string;
  message: string;
}

/** Splits an `alternative_questions` cell: `|` or line breaks separate the alternatives. */
export function splitAlternatives(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/\||\r\n|\r|\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Adds the rows of an imported table as curated answers, all or none: any invalid row refuses
 * the whole import with `invalid_input` and every problem, by row, in `details.issues`. A
 * question (or alternative) that an earlier row of the table or an existing answer already holds
 * is such a problem: two answers to one question would make chat fall back to retrieval, and a
 * table imported twice would double every answer.
 */
export class ImportCuratedAnswers {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly answers: CuratedAnswerRepository,
    private readonly index: CuratedAnswerIndex,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    actor: Actor,
    projectId: string,
    rows: readonly CuratedAnswerRow[],
  ): Promise<{ imported: number }> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    if (rows.length === 0) throw new DomainError('invalid_input', 'The table has no rows to import');
    if (rows.length > curatedAnswerLimits.perProject)
      throw new DomainError('payload_too_large', `At most ${curatedAnswerLimits.perProject} rows per import`);
    const issues: ImportIssue[] = [];
    const now = this.clock.now();
    const created: CuratedAnswer[] = [];
    const existing = await this.answers.all(project.id);
    /** The row that holds each question key so far. */
    const rowOf = new Map<string, number>();
    for (const row of rows) {
      const parsed = curatedAnswerInput.safeParse({
        question: row.question ?? '',
        answer: row.answer ?? '',
        alternativeQuestions: splitAlternatives(row.alternative_questions),
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({ row: row.row, path: issue.path.map(String).join('.'), message: issue.message });
        continue;
      }
      const { question, answer, alternativeQuestions } = parsed.data;
      const questions = [question, ...distinctAlternatives(question, alternativeQuestions)];
      const held = answerHolding(existing, questions);
      if (held) {
        issues.push({
          row: row.row,
          path: held.question === question ? 'question' : 'alternative_questions',
          message: `"${held.question}" is already held by curated answer ${held.answer.id}; edit that one instead`,
        });
        continue;
      }
      const repeated = questions.find((each) => rowOf.has(questionKey(each)));
      if (repeated !== undefined) {
        issues.push({
          row: row.row,
          path: repeated === question ? 'question' : 'alternative_questions',
          message: `"${repeated}" is the same question as row ${rowOf.get(questionKey(repeated))}`,
        });
        continue;
      }
      for (const each of questions) rowOf.set(questionKey(each), row.row);
      created.push({
        id: this.ids.newId(),
        projectId: project.id,
        question,
        answer,
        alternativeQuestions: distinctAlternatives(question, alternativeQuestions),
        // Rows keep their order when listed oldest first.
        createdAt: new Date(now.getTime() + created.length),
        updatedAt: new Date(now.getTime() + created.length),
      });
    }
    if (issues.length > 0) {
      const first = issues[0]!;
      throw new DomainError('invalid_input', `Row ${first.row}: ${first.path} ${first.message}`, {
        details: { issues: issues.slice(0, 100) },
      });
    }
    await assertRoom(this.answers, project.id, created.length);
    await this.answers.createMany(created);
    this.index.invalidate(project.id);
    return { imported: created.length };
  }
}
