import {
  BackgroundIndexing,
  Clock,
  ContentHasher,
  DeleteDocument,
  DocumentIndexer,
  DocumentIntake,
  DocumentParser,
  DocumentRepository,
  GetDocument,
  IdGenerator,
  ListDocuments,
  Logger,
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
import { backgroundIndexingConcurrency, type ChatBuddyConfig } from '../config.js';
import { bindClass } from './bind-class.js';
import { BackgroundIndexingSettings, IndexingSettings, RepairSettings, UploadLimits } from './tokens.js';

/** The indexing pipeline and the document use cases. */
export function bindDocumentUseCases({ bind }: ContainerModuleLoadOptions, config: ChatBuddyConfig): void {
  bind(UploadLimits).toConstantValue({
    maxFileBytes: config.maxUploadBytes,
    maxContentBytes: config.maxTextBytes,
  });
  // A run renews its lease every fifth of it, so a few missed renewals never lose it.
  const leaseMs = config.indexingLeaseSeconds * 1000;
  bind(IndexingSettings).toConstantValue({ lease: { leaseMs, renewEveryMs: Math.floor(leaseMs / 5) } });
  bind(RepairSettings).toConstantValue({ leaseMs });
  bindClass(bind, DocumentIndexer, [
    UnitOfWork,
    DocumentRepository,
    ProjectRepository,
    VectorStore,
    ModelGateway,
    TokenCounter,
    IdGenerator,
    Clock,
    Logger,
    IndexingSettings,
  ]);
  // Uploads, replacements and reindexing answered before they are indexed (`Prefer:
  // respond-async`, decision 0042) run here.
  bind(BackgroundIndexingSettings).toConstantValue({
    concurrency: backgroundIndexingConcurrency(config),
    backlog: config.indexingBacklog,
  });
  bindClass(bind, BackgroundIndexing, [Logger, BackgroundIndexingSettings]);
  bindClass(bind, DocumentIntake, [
    DocumentRepository,
    DocumentIndexer,
    IdGenerator,
    Clock,
    ContentHasher,
    BackgroundIndexing,
  ]);
  bindClass(bind, UploadDocument, [DocumentIntake, UploadLimits]);
  bindClass(bind, UploadDocumentFile, [DocumentParser, DocumentIntake, UploadLimits]);
  bindClass(bind, ReplaceDocument, [
    DocumentRepository,
    DocumentIndexer,
    Clock,
    ContentHasher,
    UploadLimits,
    BackgroundIndexing,
  ]);
  bindClass(bind, ReindexDocument, [DocumentIndexer, BackgroundIndexing]);
  bindClass(bind, DeleteDocument, [DocumentRepository, VectorStore]);
  bindClass(bind, GetDocument, [DocumentRepository]);
  bindClass(bind, ListDocuments, [DocumentRepository]);
  bindClass(bind, RepairDocuments, [
    DocumentRepository,
    DocumentIndexer,
    UnitOfWork,
    VectorStore,
    Clock,
    Logger,
    RepairSettings,
  ]);
  bindClass(bind, ProjectReindex, [DocumentIndexer, DocumentRepository, ProjectRepository, Clock]);
}
