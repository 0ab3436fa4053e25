import type { Metadata, ProjectId } from '../../shared/common.js';
import type { Project } from '../../projects/index.js';
import type { DocumentSummary, KnowledgeDocument } from '../document.js';
import { DomainError, isDomainError } from '../../shared/domain-error.js';
import type { Clock } from '../../ports/clock.port.js';
import type { ContentHasher } from '../../ports/content-hasher.port.js';
import type { ParsedDocument } from '../../ports/document-parser.port.js';
import type { DocumentRepository } from '../../ports/document.repository.port.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import { contentHash } from './content-hash.js';
import { deriveTitle } from './document-title.js';
import type { BackgroundIndexing, IndexingPlace } from './background-indexing.js';
import type { DocumentIndexer } from './document-indexer.js';
import { duplicateDocument } from './indexing-errors.js';

/** How an upload is answered. */
export interface IntakeOptions {
  /**
   * Answer once the document is stored, `indexing`, and index it in the background (the client
   * asked with `Prefer: respond-async`; decision 0042), the retry of a failed document too.
   * Without a background queue it is indexed before the answer as usual.
   */
  respondAsync?: boolean;
  /** Called once when a `respondAsync` upload has to wait for room in the background queue. */
  beforeWaiting?: () => void;
}

/** A new document's content with its structure, ready to be stored and indexed. */
export interface DocumentDraft {
  /** Stored as is; `structure.text` should equal it so the parser's sections are used. */
  content: string;
  structure: ParsedDocument;
  title?: string | undefined;
  mimeType: string;
  filename: string | null;
  metadata: Metadata;
}

export interface ContentLimits {
  /** Largest document text accepted, in UTF-8 bytes. */
  maxContentBytes: number;
}

/** 5 MB of text is ~1.2 M tokens, ~4 000 chunks: far beyond a handbook, still one bounded job. */
export const defaultContentLimits: Readonly<ContentLimits> = Object.freeze({
  maxContentBytes: 5 * 1024 * 1024,
});

/** UTF-8 size of `content`. @throws DomainError `payload_too_large`, `empty_document`. */
export function checkContent(content: string, limits: ContentLimits): number {
  const sizeBytes = new TextEncoder().encode(content).length;
  if (sizeBytes > limits.maxContentBytes) {
    throw new DomainError(
      'payload_too_large',
      `The document is larger than ${limits.maxContentBytes} bytes`,
      {
        details: { sizeBytes, maxBytes: limits.maxContentBytes },
      },
    );
  }
  if (!content.trim()) throw new DomainError('empty_document', 'The document has no text');
  return sizeBytes;
}

/** A document without its content, as lists and upload answers show it. */
export function summariseDocument({ content: _content, ...summary }: KnowledgeDocument): DocumentSummary {
  return summary;
}

/**
 * Stores a new document and indexes it (`indexing` from the start, or in one transaction with its
 * index: see `DocumentIndexer.indexNew`). Identical content already in
 * the project is `duplicate_document` naming that document, except when that one failed: then the
 * upload is a retry and reindexes it.
 */
export class DocumentIntake {
  /** Failed documents being indexed again because their content was sent again. */
  private readonly retrying = new Set<string>();

  constructor(
    private readonly documents: DocumentRepository,
    private readonly indexer: DocumentIndexer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly hasher: ContentHasher,
    private readonly background: BackgroundIndexing | null = null,
  ) {}

  /**
   * `target` is the project, or just its id when the caller has not read it (it is read here).
   */
  async ingest(
    target: ProjectId | Project,
    draft: DocumentDraft,
    sizeBytes: number,
    options: IntakeOptions = {},
  ): Promise<KnowledgeDocument> {
    const project = typeof target === 'string' ? await this.indexer.loadProject(target) : target;
    const projectId = project.id;
    this.indexer.embedderFor(project);
    const hash = contentHash(draft.content, this.hasher);
    const now = this.clock.now();
    const document: KnowledgeDocument = {
      id: this.ids.newId(),
      projectId,
      title: deriveTitle(draft),
      content: draft.content,
      contentHash: hash,
      mimeType: draft.mimeType,
      filename: draft.filename,
      metadata: draft.metadata,
      status: 'pending',
      failureReason: null,
      chunkCount: 0,
      embeddingModel: null,
      version: 0,
      sizeBytes,
      createdAt: now,
      updatedAt: now,
      indexedAt: null,
    };
    const request = { structure: draft.structure, project };
    try {
      // Stored and indexed in one go; identical content is found by the store's uniqueness, so a
      // new document costs no lookup.
      if (options.respondAsync && this.background)
        return await this.indexer.indexNewLater(document, request, this.background, options.beforeWaiting);
      return await this.indexer.indexNew(document, request);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'duplicate_document') throw error;
      const existing = await this.documents.findByContentHash(projectId, hash);
      if (!existing) throw error; // removed since: the caller may try again
      // The indexer ignores the structure if the stored text differs cosmetically from this one.
      if (existing.status !== 'failed' || this.retrying.has(existing.id))
        throw duplicateDocument(existing.id, existing.status === 'failed' ? 'indexing' : existing.status);
      // One retry at a time in this instance: two would index the document twice.
      this.retrying.add(existing.id);
      const done = () => this.retrying.delete(existing.id);
      if (options.respondAsync && this.background) {
        let place: IndexingPlace;
        try {
          place = await this.background.place(options.beforeWaiting);
        } catch (refused) {
          done();
          throw refused;
        }
        // Held until the run ends: it may wait for its turn long after this answer.
        return this.indexer
          .indexLater(projectId, existing.id, request, place, done)
          .catch((failed: unknown) => {
            done();
            throw failed;
          });
      }
      try {
        return await this.indexer.index(projectId, existing.id, request);
      } finally {
        done();
      }
    }
  }
}
