import {
  Clock,
  CuratedAnswerIndex,
  CuratedAnswerRepository,
  defaultQuestionMatcherOptions,
  IdGenerator,
  ImportCuratedAnswers,
  ManageCuratedAnswers,
  ProjectRepository,
} from '@chatbuddy/core';
import { englishTermWeight } from '@chatbuddy/adapters-llm';
import type { ContainerModuleLoadOptions } from 'inversify';
import { bindClass, bindFactory } from './bind-class.js';

/**
 * Curated answers: the dashboard's use cases and the per-process index chat matches against
 * (words weighted by their everyday-English rarity; threshold measured in docs/retrieval.md).
 */
export function bindCuratedAnswerUseCases({ bind }: ContainerModuleLoadOptions): void {
  bindFactory(
    bind,
    CuratedAnswerIndex,
    (answers) =>
      new CuratedAnswerIndex(answers, { ...defaultQuestionMatcherOptions, termWeight: englishTermWeight }),
    [CuratedAnswerRepository],
  );
  const tokens = [
    ProjectRepository,
    CuratedAnswerRepository,
    CuratedAnswerIndex,
    Clock,
    IdGenerator,
  ] as const;
  bindClass(bind, ManageCuratedAnswers, [...tokens]);
  bindClass(bind, ImportCuratedAnswers, [...tokens]);
}
