import { DomainError } from '../shared/domain-error.js';
import type { Project } from './project.js';

/** The project's vectors were written by another embedding model than the one configured now. */
export const embeddingModelMismatch = (projectModel: string, embedderModel: string): DomainError =>
  new DomainError(
    'embedding_model_mismatch',
    `This project's vectors use ${projectModel}; using ${embedderModel} needs a full project reindex`,
    { details: { projectModel, embedderModel } },
  );

/** Throws `embedding_model_mismatch` unless the project has no vectors yet or they are `embedderModel`'s. */
export function ensureEmbeddingModel(project: Pick<Project, 'embeddingModel'>, embedderModel: string): void {
  if (project.embeddingModel !== null && project.embeddingModel !== embedderModel)
    throw embeddingModelMismatch(project.embeddingModel, embedderModel);
}
