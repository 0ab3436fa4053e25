import { type Actor, loadAccessibleProject } from '../../projects/index.js';
import { type PageInput, pageInput } from '../../shared/page-input.js';
import type { Clock } from '../../ports/clock.port.js';
import type { CuratedAnswerRepository } from '../../ports/curated-answer.repository.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { ProjectRepository } from '../../ports/project.repository.port.js';
import type { Page } from '../../shared/common.js';
import { DomainError } from '../../shared/domain-error.js';
import { parseInput } from '../../shared/validation.js';
import {
  type CuratedAnswer,
  type CuratedAnswerInput,
  type CuratedAnswerPatch,
  curatedAnswerInput,
  curatedAnswerLimits,
  curatedAnswerPatch,
  answerHolding,
  distinctAlternatives,
} from './curated-answer.js';
import type { CuratedAnswerIndex } from './curated-answer-index.js';

const notFound = () => new DomainError('answer_not_found', 'Curated answer not found');

/**
 * The dashboard's curated answers of a project the actor may see (another tenant's project is
 * `project_not_found`): list, create, edit, delete, export. Every change takes effect in chat at
 * once, without reindexing documents.
 */
export class ManageCuratedAnswers {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly answers: CuratedAnswerRepository,
    private readonly index: CuratedAnswerIndex,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async list(actor: Actor, projectId: string, input: PageInput): Promise<Page<CuratedAnswer>> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    const page = parseInput(pageInput, input);
    return this.answers.list(project.id, { limit: page.limit, cursor: page.cursor ?? null });
  }

  /** Every answer, oldest first (CSV export). */
  async all(actor: Actor, projectId: string): Promise<CuratedAnswer[]> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    return this.answers.all(project.id);
  }

  async create(actor: Actor, projectId: string, input: CuratedAnswerInput): Promise<CuratedAnswer> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    const parsed = parseInput(curatedAnswerInput, input);
    await assertRoom(this.answers, project.id, 1);
    await this.assertNew(project.id, [parsed.question, ...parsed.alternativeQuestions]);
    const now = this.clock.now();
    const answer: CuratedAnswer = {
      id: this.ids.newId(),
      projectId: project.id,
      question: parsed.question,
      answer: parsed.answer,
      alternativeQuestions: distinctAlternatives(parsed.question, parsed.alternativeQuestions),
      createdAt: now,
      updatedAt: now,
    };
    await this.answers.createMany([answer]);
    this.index.invalidate(project.id);
    return answer;
  }

  async update(
    actor: Actor,
    projectId: string,
    answerId: string,
    patch: CuratedAnswerPatch,
  ): Promise<CuratedAnswer> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    const changes = parseInput(curatedAnswerPatch, patch);
    const current = await this.answers.findById(project.id, answerId);
    if (!current) throw notFound();
    const question = changes.question ?? current.question;
    if (changes.question !== undefined || changes.alternativeQuestions !== undefined)
      await this.assertNew(
        project.id,
        [question, ...(changes.alternativeQuestions ?? current.alternativeQuestions)],
        current.id,
      );
    const updated: CuratedAnswer = {
      ...current,
      question,
      answer: changes.answer ?? current.answer,
      alternativeQuestions: distinctAlternatives(
        question,
        changes.alternativeQuestions ?? current.alternativeQuestions,
      ),
      updatedAt: new Date(Math.max(this.clock.now().getTime(), current.updatedAt.getTime() + 1)),
    };
    if (!(await this.answers.update(updated))) throw notFound();
    this.index.invalidate(project.id);
    return updated;
  }

  /**
   * Refuses a question another answer of the project already holds: two answers to one question
   * make chat fall back to retrieval, and the fix of a wrong answer is an edit of it.
   * @throws DomainError `conflict` naming the answer that holds it.
   */
  private async assertNew(projectId: string, questions: readonly string[], except?: string): Promise<void> {
    const holding = answerHolding(await this.answers.all(projectId), questions, except);
    if (holding)
      throw new DomainError(
        'conflict',
        `Another curated answer already holds the question "${holding.question}"; edit that one`,
        { details: { answerId: holding.answer.id, question: holding.question } },
      );
  }

  async delete(actor: Actor, projectId: string, answerId: string): Promise<void> {
    const project = await loadAccessibleProject(this.projects, actor, projectId);
    if (!(await this.answers.delete(project.id, answerId))) throw notFound();
    this.index.invalidate(project.id);
  }
}

/** Refuses to grow a project past `curatedAnswerLimits.perProject` answers. */
export async function assertRoom(
  answers: CuratedAnswerRepository,
  projectId: string,
  adding: number,
): Promise<void> {
  const count = await answers.count(projectId);
  if (count + adding > curatedAnswerLimits.perProject) {
    throw new DomainError(
      'conflict',
      `A project holds at most ${curatedAnswerLimits.perProject} curated answers`,
      { details: { count, adding, limit: curatedAnswerLimits.perProject } },
    );
  }
}
