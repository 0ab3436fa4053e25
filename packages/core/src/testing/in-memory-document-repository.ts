import type { Chunk, DocumentSummary, KnowledgeDocument } from '../knowledge/document.js';
import type {
  AbandonedCutoff,
  DocumentFilter,
  DocumentPatch,
  DocumentRepository,
  ReplaceChunksOptions,
  StoredPassage,
} from '../ports/document.repository.port.js';
import type { Page, PageRequest } from '../shared/common.js';
import { DomainError } from '../shared/domain-error.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { paginate } from './paging.js';

const copy = structuredClone;

function summarise({ content: _content, ...summary }: KnowledgeDocument): DocumentSummary {
  return copy(summary);
}

export class InMemoryDocumentRepository implements DocumentRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  private documents(projectId: string): KnowledgeDocument[] {
    return [...this.db.tables.documents.values()].filter((document) => document.projectId === projectId);
  }

  async create(
    document: KnowledgeDocument,
    options: { leaseExpiresAt?: Date } = {},
  ): Promise<KnowledgeDocument> {
    if (
      this.documents(document.projectId).some((existing) => existing.contentHash === document.contentHash)
    ) {
      throw new DomainError(
        'duplicate_document',
        'This project already has a document with the same content',
      );
    }
    this.db.tables.documents.set(document.id, copy(document));
    if (options.leaseExpiresAt)
      this.db.tables.documentLeases.set(document.id, new Date(options.leaseExpiresAt));
    return copy(document);
  }

  async findById(projectId: string, id: string): Promise<KnowledgeDocument | null> {
    const document = this.db.tables.documents.get(id);
    return document && document.projectId === projectId ? copy(document) : null;
  }

  async noteVectorRemovals(projectId: string, chunkIds: readonly string[], at: Date): Promise<void> {
    for (const chunkId of chunkIds)
      this.db.tables.vectorRemovals.set(chunkId, { projectId, notedAt: new Date(at) });
  }

  async listVectorRemovals(
    notedBy: Date,
    limit: number,
  ): Promise<Array<{ projectId: string; chunkId: string }>> {
    return [...this.db.tables.vectorRemovals.entries()]
      .filter(([, removal]) => removal.notedAt.getTime() <= notedBy.getTime())
      .sort((a, b) => a[1].notedAt.getTime() - b[1].notedAt.getTime() || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([chunkId, removal]) => ({ projectId: removal.projectId, chunkId }));
  }

  async forgetVectorRemovals(projectId: string, chunkIds: readonly string[]): Promise<void> {
    for (const chunkId of chunkIds)
      if (this.db.tables.vectorRemovals.get(chunkId)?.projectId === projectId)
        this.db.tables.vectorRemovals.delete(chunkId);
  }

  async findByContentHash(projectId: string, contentHash: string): Promise<DocumentSummary | null> {
    const document = this.documents(projectId).find((candidate) => candidate.contentHash === contentHash);
    return document ? summarise(document) : null;
  }

  async list(
    projectId: string,
    page: PageRequest,
    filter: DocumentFilter = {},
  ): Promise<Page<DocumentSummary>> {
    const title = filter.title?.toLowerCase();
    const matching = this.documents(projectId).filter(
      (document) => !title || document.title.toLowerCase().includes(title),
    );
    const result = paginate(matching, page);
    return { items: result.items.map(summarise), nextCursor: result.nextCursor };
  }

  async listByStatus(
    statuses: readonly KnowledgeDocument['status'][],
    limit: number,
  ): Promise<DocumentSummary[]> {
    return [...this.db.tables.documents.values()]
      .filter((document) => statuses.includes(document.status))
      .slice(0, limit)
      .map(summarise);
  }

  async count(projectId: string): Promise<number> {
    return this.documents(projectId).length;
  }

  private isAbandoned(document: KnowledgeDocument, cutoff: AbandonedCutoff | null): boolean {
    if (document.status !== 'pending' && document.status !== 'indexing') return false;
    if (!cutoff) return true;
    const lease = this.db.tables.documentLeases.get(document.id);
    return lease ? lease <= cutoff.leaseExpiredBy : document.updatedAt <= cutoff.unleasedSince;
  }

  async listAbandoned(cutoff: AbandonedCutoff | null, limit: number): Promise<DocumentSummary[]> {
    return [...this.db.tables.documents.values()]
      .filter((document) => this.isAbandoned(document, cutoff))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(summarise);
  }

  async renewLease(projectId: string, id: string, until: Date): Promise<boolean> {
    const document = this.db.tables.documents.get(id);
    if (!document || document.projectId !== projectId || !this.isAbandoned(document, null)) return false;
    this.db.tables.documentLeases.set(id, new Date(until));
    return true;
  }

  async releaseAbandoned(
    projectId: string,
    id: string,
    cutoff: AbandonedCutoff | null,
    failureReason: string,
    at: Date,
  ): Promise<KnowledgeDocument | null> {
    const document = this.db.tables.documents.get(id);
    if (!document || document.projectId !== projectId || !this.isAbandoned(document, cutoff)) return null;
    return this.update(projectId, id, { status: 'failed', failureReason, leaseExpiresAt: null }, at);
  }

  async update(
    projectId: string,
    id: string,
    patch: DocumentPatch,
    at: Date,
  ): Promise<KnowledgeDocument | null> {
    const document = this.db.tables.documents.get(id);
    if (!document || document.projectId !== projectId) return null;
    if (
      patch.contentHash !== undefined &&
      this.documents(projectId).some((other) => other.id !== id && other.contentHash === patch.contentHash)
    ) {
      throw new DomainError(
        'duplicate_document',
        'This project already has a document with the same content',
      );
    }
    const { leaseExpiresAt, ...fields } = patch;
    if (leaseExpiresAt) this.db.tables.documentLeases.set(id, new Date(leaseExpiresAt));
    else if (leaseExpiresAt === null) this.db.tables.documentLeases.delete(id);
    const updated = { ...document, ...copy(fields), updatedAt: at };
    this.db.tables.documents.set(id, updated);
    return copy(updated);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    const document = this.db.tables.documents.get(id);
    if (!document || document.projectId !== projectId) return false;
    this.db.tables.documents.delete(id);
    this.db.tables.documentLeases.delete(id);
    for (const [chunkId, chunk] of this.db.tables.chunks)
      if (chunk.documentId === id) this.db.tables.chunks.delete(chunkId);
    return true;
  }

  async replaceChunks(
    projectId: string,
    documentId: string,
    chunks: readonly Chunk[],
    options: ReplaceChunksOptions = {},
  ): Promise<KnowledgeDocument | undefined> {
    const document = this.db.tables.documents.get(documentId);
    if (!document || document.projectId !== projectId)
      throw new DomainError('document_not_found', 'Document not found');
    const { expected } = options;
    if (expected && (document.version !== expected.version || document.contentHash !== expected.contentHash))
      return undefined;
    for (const [chunkId, chunk] of this.db.tables.chunks) {
      if (chunk.documentId === documentId) this.db.tables.chunks.delete(chunkId);
    }
    for (const chunk of chunks)
      this.db.tables.chunks.set(chunk.id, copy({ ...chunk, projectId, documentId }));
    if (!options.markReady) return undefined;
    const { embeddingModel, at } = options.markReady;
    const ready = await this.update(
      projectId,
      documentId,
      {
        status: 'ready',
        failureReason: null,
        chunkCount: chunks.length,
        embeddingModel,
        version: document.version + 1,
        indexedAt: at,
        leaseExpiresAt: null,
      },
      at,
    );
    return ready ?? undefined;
  }

  async listChunks(projectId: string, documentId: string): Promise<Chunk[]> {
    return copy(
      [...this.db.tables.chunks.values()]
        .filter((chunk) => chunk.projectId === projectId && chunk.documentId === documentId)
        .sort((a, b) => a.position - b.position),
    );
  }

  async findPassages(projectId: string, ids: readonly string[]): Promise<StoredPassage[]> {
    const passages: StoredPassage[] = [];
    for (const id of new Set(ids)) {
      const chunk = this.db.tables.chunks.get(id);
      const document = chunk && this.db.tables.documents.get(chunk.documentId);
      if (chunk?.projectId === projectId && document?.projectId === projectId)
        passages.push({ chunk: copy(chunk), title: document.title });
    }
    return passages;
  }

  async countChunks(projectId: string): Promise<number> {
    return [...this.db.tables.chunks.values()].filter((chunk) => chunk.projectId === projectId).length;
  }
}
