import type { CuratedAnswerRepository } from '../../ports/curated-answer.repository.port.js';
import type { ProjectId } from '../../shared/common.js';
import { BoundedMap } from '../../shared/bounded-map.js';
import {
  type CuratedMatch,
  defaultQuestionMatcherOptions,
  type QuestionMatcherOptions,
  QuestionIndex,
} from './question-matcher.js';

/** Finds the curated answer of a chat question, if one matches closely enough. */
export interface CuratedAnswerLookup {
  /**
   * `revision`: the project's curated-answer revision when the caller read it already in this
   * request (with its key); otherwise it is read here.
   */
  find(projectId: ProjectId, question: string, revision?: string): Promise<CuratedMatch | null>;
}

interface Cached {
  revision: string;
  index: QuestionIndex;
}

/**
 * Per-project question indexes kept in memory. Changes made through this process drop the
 * project's index at once (`invalidate`); a change made by another instance is seen through the
 * repository's revision, compared on every lookup (read with the request's key, or here).
 */
export class CuratedAnswerIndex implements CuratedAnswerLookup {
  private readonly indexes = new BoundedMap<ProjectId, Cached>(1_000);

  constructor(
    private readonly answers: CuratedAnswerRepository,
    private readonly options: QuestionMatcherOptions = defaultQuestionMatcherOptions,
  ) {}

  async find(projectId: ProjectId, question: string, knownRevision?: string): Promise<CuratedMatch | null> {
    const revision = knownRevision ?? (await this.answers.revision(projectId));
    let cached = this.indexes.get(projectId);
    if (!cached || cached.revision !== revision) {
      cached = { revision, index: new QuestionIndex(await this.answers.all(projectId), this.options) };
      this.indexes.set(projectId, cached);
    }
    return cached.index.size === 0 ? null : cached.index.match(question);
  }

  /** Forgets the project's index (its answers changed). */
  invalidate(projectId: ProjectId): void {
    this.indexes.delete(projectId);
  }
}
