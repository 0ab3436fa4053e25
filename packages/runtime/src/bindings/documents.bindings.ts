import {
  Clock,
  DeleteDocument,
  DocumentIndexer,
  DocumentIntake,
  DocumentParser,
  DocumentRepository,
  GetDocument,
  IdGenerator,
  ListDocuments,
  ModelGateway,
  ProjectReindex,
  ProjectRepository,
  ReindexDocument,
  RepairDocuments,
  ReplaceDocument,
  TokenCounter,
  UnitOfWork,
  UploadDocument,
  UploadDocumentFile,
  VectorStore,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { ChatBuddyConfig } from '../config.js';

/** The indexing pipeline and the document use cases. */
export function bindDocumentUseCases({ bind }: ContainerModuleLoadOptions, config: ChatBuddyConfig): void {
  bind(DocumentIndexer)
    .toResolvedValue(
      (
        unitOfWork: UnitOfWork,
        documents: DocumentRepository,
        projects: ProjectRepository,
        vectors: VectorStore,
        models: ModelGateway,
        tokenCounter: TokenCounter,
        ids: IdGenerator,
        clock: Clock,
      ) => new DocumentIndexer(unitOfWork, documents, projects, vectors, models, tokenCounter, ids, clock),
      [
        UnitOfWork,
        DocumentRepository,
        ProjectRepository,
        VectorStore,
        ModelGateway,
        TokenCounter,
        IdGenerator,
        Clock,
      ],
    )
    .inSingletonScope();
  bind(DocumentIntake)
    .toResolvedValue(
      (documents: DocumentRepository, indexer: DocumentIndexer, ids: IdGenerator, clock: Clock) =>
        new DocumentIntake(documents, indexer, ids, clock),
      [DocumentRepository, DocumentIndexer, IdGenerator, Clock],
    )
    .inSingletonScope();
  bind(UploadDocument)
    .toResolvedValue(
      (intake: DocumentIntake) => new UploadDocument(intake, { maxContentBytes: config.maxTextBytes }),
      [DocumentIntake],
    )
    .inSingletonScope();
  bind(UploadDocumentFile)
    .toResolvedValue(
      (parser: DocumentParser, intake: DocumentIntake) =>
        new UploadDocumentFile(parser, intake, {
          maxFileBytes: config.maxUploadBytes,
          maxContentBytes: config.maxTextBytes,
        }),
      [DocumentParser, DocumentIntake],
    )
    .inSingletonScope();
  bind(ReplaceDocument)
    .toResolvedValue(
      (documents: DocumentRepository, indexer: DocumentIndexer, clock: Clock) =>
        new ReplaceDocument(documents, indexer, clock, { maxContentBytes: config.maxTextBytes }),
      [DocumentRepository, DocumentIndexer, Clock],
    )
    .inSingletonScope();
  bind(ReindexDocument)
    .toResolvedValue((indexer: DocumentIndexer) => new ReindexDocument(indexer), [DocumentIndexer])
    .inSingletonScope();
  bind(DeleteDocument)
    .toResolvedValue(
      (documents: DocumentRepository, vectors: VectorStore) => new DeleteDocument(documents, vectors),
      [DocumentRepository, VectorStore],
    )
    .inSingletonScope();
  bind(GetDocument)
    .toResolvedValue((documents: DocumentRepository) => new GetDocument(documents), [DocumentRepository])
    .inSingletonScope();
  bind(ListDocuments)
    .toResolvedValue((documents: DocumentRepository) => new ListDocuments(documents), [DocumentRepository])
    .inSingletonScope();
  bind(RepairDocuments)
    .toResolvedValue(
      (
        documents: DocumentRepository,
        indexer: DocumentIndexer,
        unitOfWork: UnitOfWork,
        vectors: VectorStore,
        clock: Clock,
      ) => new RepairDocuments(documents, indexer, unitOfWork, vectors, clock),
      [DocumentRepository, DocumentIndexer, UnitOfWork, VectorStore, Clock],
    )
    .inSingletonScope();
  bind(ProjectReindex)
    .toResolvedValue(
      (indexer: DocumentIndexer, documents: DocumentRepository, projects: ProjectRepository, clock: Clock) =>
        new ProjectReindex(indexer, documents, projects, clock),
      [DocumentIndexer, DocumentRepository, ProjectRepository, Clock],
    )
    .inSingletonScope();
}
