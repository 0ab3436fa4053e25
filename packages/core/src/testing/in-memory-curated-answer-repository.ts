import type { CuratedAnswer } from '../knowledge/curated-answers/curated-answer.js';
import type { CuratedAnswerRepository } from '../ports/curated-answer.repository.port.js';
import type { Page, PageRequest } from '../shared/common.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { paginate } from './paging.js';

const copy = structuredClone;

/** Curated answers in the shared in-memory tables (removed with their project). */
export class InMemoryCuratedAnswerRepository implements CuratedAnswerRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  private rows(projectId: string): CuratedAnswer[] {
    return [...this.db.tables.curatedAnswers.values()].filter((row) => row.projectId === projectId);
  }

  async list(projectId: string, page: PageRequest): Promise<Page<CuratedAnswer>> {
    return copy(paginate(this.rows(projectId), page));
  }

  async all(projectId: string): Promise<CuratedAnswer[]> {
    return copy(
      this.rows(projectId).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
      ),
    );
  }

  async findById(projectId: string, id: string): Promise<CuratedAnswer | null> {
    const row = this.db.tables.curatedAnswers.get(id);
    return row && row.projectId === projectId ? copy(row) : null;
  }

  async count(projectId: string): Promise<number> {
    return this.rows(projectId).length;
  }

  async createMany(answers: readonly CuratedAnswer[]): Promise<void> {
    const projectIds = new Set(answers.map((answer) => answer.projectId));
    if (projectIds.size > 1) throw new DomainError('invalid_input', 'Answers of one project at a time');
    for (const projectId of projectIds)
      if (!this.db.tables.projects.has(projectId))
        throw new DomainError('project_not_found', 'Project not found');
    const ids = new Set(answers.map((answer) => answer.id));
    if (ids.size < answers.length || answers.some((answer) => this.db.tables.curatedAnswers.has(answer.id)))
      throw new DomainError('conflict', 'An answer with this id exists');
    for (const answer of answers) this.db.tables.curatedAnswers.set(answer.id, copy(answer));
  }

  async update(answer: CuratedAnswer): Promise<boolean> {
    const row = this.db.tables.curatedAnswers.get(answer.id);
    if (!row || row.projectId !== answer.projectId) return false;
    this.db.tables.curatedAnswers.set(answer.id, { ...copy(answer), createdAt: row.createdAt });
    return true;
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const row = this.db.tables.curatedAnswers.get(id);
    if (!row || row.projectId !== projectId) return false;
    return this.db.tables.curatedAnswers.delete(id);
  }

  async revision(projectId: string): Promise<string> {
    const rows = this.rows(projectId);
    const latest = Math.max(0, ...rows.map((row) => row.updatedAt.getTime()));
    const size = rows.reduce(
      (total, row) =>
        total + row.question.length + row.answer.length + row.alternativeQuestions.join().length,
      0,
    );
    return `${rows.length}:${latest}:${size}`;
  }
}
