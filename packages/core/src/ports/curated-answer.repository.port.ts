import type { CuratedAnswer } from '../knowledge/index.js';
import type { Page, PageRequest, ProjectId } from '../shared/common.js';

/** Curated answers of each project; removed with their project. */
export const CuratedAnswerRepository = Symbol.for('chatbuddy.CuratedAnswerRepository');
export interface CuratedAnswerRepository {
  /** A page of the project's answers, newest first. */
  list(projectId: ProjectId, page: PageRequest): Promise<Page<CuratedAnswer>>;
  /** Every answer of the project, oldest first (matching and export). */
  all(projectId: ProjectId): Promise<CuratedAnswer[]>;
  findById(projectId: ProjectId, id: string): Promise<CuratedAnswer | null>;
  count(projectId: ProjectId): Promise<number>;
  /**
   * Stores all the answers or none of them. The project must exist (`project_not_found`);
   * answers of several projects in one call are refused (`invalid_input`).
   */
  createMany(answers: readonly CuratedAnswer[]): Promise<void>;
  /** Replaces question, answer, alternatives and `updatedAt`; false when there is no such answer. */
  update(answer: CuratedAnswer): Promise<boolean>;
  /** False when there is no such answer in the project. */
  delete(projectId: ProjectId, id: string): Promise<boolean>;
  /**
   * A value that changes whenever the project's answers change (a created, edited or deleted
   * answer), so an in-process copy can tell it is stale.
   */
  revision(projectId: ProjectId): Promise<string>;
}
