import { chargedPeriod } from '../projects/token-budget.js';
import type { Page, PageRequest } from '../shared/common.js';
import {
  assertOneConversation,
  type Conversation,
  type Message,
  withMessages,
} from '../assistant/conversation.js';
import type { Chunk, DocumentSummary, KnowledgeDocument, ScoredChunk } from '../knowledge/document.js';
import type { UsageEvent, UsageSummary, UsageTotals } from '../projects/usage.js';
import { DomainError } from '../shared/domain-error.js';
import { analyze, termFrequencies } from '../assistant/retrieval/text/analysis.js';
import type { ConversationRepository } from '../ports/conversation.repository.port.js';
import type {
  AbandonedCutoff,
  DocumentPatch,
  DocumentRepository,
  StoredPassage,
} from '../ports/document.repository.port.js';
import type { LexicalIndex, LexicalQuery } from '../ports/lexical-index.port.js';
import type { TokenSettlement, UsageRepository } from '../ports/usage.repository.port.js';
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

  async create(document: KnowledgeDocument): Promise<KnowledgeDocument> {
    if (
      this.documents(document.projectId).some((existing) => existing.contentHash === document.contentHash)
    ) {
      throw new DomainError(
        'duplicate_document',
        'This project already has a document with the same content',
      );
    }
    this.db.tables.documents.set(document.id, copy(document));
    return copy(document);
  }

  async findById(projectId: string, id: string): Promise<KnowledgeDocument | null> {
    const document = this.db.tables.documents.get(id);
    return document && document.projectId === projectId ? copy(document) : null;
  }

  async findByContentHash(projectId: string, contentHash: string): Promise<DocumentSummary | null> {
    const document = this.documents(projectId).find((candidate) => candidate.contentHash === contentHash);
    return document ? summarise(document) : null;
  }

  async list(projectId: string, page: PageRequest): Promise<Page<DocumentSummary>> {
    const result = paginate(this.documents(projectId), page);
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

  async replaceChunks(projectId: string, documentId: string, chunks: readonly Chunk[]): Promise<void> {
    const document = this.db.tables.documents.get(documentId);
    if (!document || document.projectId !== projectId)
      throw new DomainError('document_not_found', 'Document not found');
    for (const [chunkId, chunk] of this.db.tables.chunks) {
      if (chunk.documentId === documentId) this.db.tables.chunks.delete(chunkId);
    }
    for (const chunk of chunks)
      this.db.tables.chunks.set(chunk.id, copy({ ...chunk, projectId, documentId }));
  }

  async listChunks(projectId: string, documentId: string): Promise<Chunk[]> {
    return copy(
      [...this.db.tables.chunks.values()]
        .filter((chunk) => chunk.projectId === projectId && chunk.documentId === documentId)
        .sort((a, b) => a.position - b.position),
    );
  }

  async findChunks(projectId: string, ids: readonly string[]): Promise<Chunk[]> {
    return ids
      .map((id) => this.db.tables.chunks.get(id))
      .filter((chunk): chunk is Chunk => chunk !== undefined && chunk.projectId === projectId)
      .map((chunk) => copy(chunk));
  }

  async findPassages(projectId: string, ids: readonly string[]): Promise<StoredPassage[]> {
    const passages: StoredPassage[] = [];
    for (const chunk of await this.findChunks(projectId, [...new Set(ids)])) {
      const document = this.db.tables.documents.get(chunk.documentId);
      if (document && document.projectId === projectId) passages.push({ chunk, title: document.title });
    }
    return passages;
  }

  async countChunks(projectId: string): Promise<number> {
    return [...this.db.tables.chunks.values()].filter((chunk) => chunk.projectId === projectId).length;
  }
}

interface AnalysedChunk {
  /** Title, heading path and text the entry was analysed from. */
  source: string;
  frequencies: Map<string, number>;
  length: number;
}

/**
 * Okapi BM25 over the chunk table, each chunk analysed as document title + heading path + text
 * (as the PostgreSQL index does), with the analyser of production retrieval (stop words, Porter2
 * stems). Collection statistics are those of the project's chunks.
 */
export class InMemoryLexicalIndex implements LexicalIndex {
  private readonly analysed = new Map<string, AnalysedChunk>();

  constructor(
    private readonly db: InMemoryDatabase,
    private readonly parameters = { k1: 0.9, b: 0.4 },
  ) {}

  private analyse(chunk: Chunk): AnalysedChunk {
    const title = this.db.tables.documents.get(chunk.documentId)?.title ?? '';
    const headings = chunk.headingPath.filter((heading) => heading !== title);
    const source = [title, ...headings, chunk.text].join('\n');
    const cached = this.analysed.get(chunk.id);
    if (cached && cached.source === source) return cached;
    const terms = analyze(source);
    const entry = { source, frequencies: termFrequencies(terms), length: terms.length };
    this.analysed.set(chunk.id, entry);
    return entry;
  }

  async search(projectId: string, query: LexicalQuery): Promise<ScoredChunk[]> {
    const wanted = [...new Set(analyze(query.text))];
    if (wanted.length === 0) return [];
    const chunks = [...this.db.tables.chunks.values()].filter(
      (chunk) =>
        chunk.projectId === projectId && (!query.documentIds || query.documentIds.includes(chunk.documentId)),
    );
    const analysed = chunks.map((chunk) => this.analyse(chunk));
    const frequency = new Map(wanted.map((term) => [term, 0]));
    let totalLength = 0;
    for (const entry of analysed) {
      totalLength += entry.length;
      for (const term of wanted)
        if (entry.frequencies.has(term)) frequency.set(term, frequency.get(term)! + 1);
    }
    const averageLength = totalLength / Math.max(1, analysed.length);
    const { k1, b } = this.parameters;
    const scored: ScoredChunk[] = [];
    analysed.forEach((entry, index) => {
      let score = 0;
      for (const term of wanted) {
        const tf = entry.frequencies.get(term);
        if (!tf) continue;
        const df = frequency.get(term)!;
        const idf = Math.log(1 + (analysed.length - df + 0.5) / (df + 0.5));
        score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * entry.length) / averageLength));
      }
      if (score > 0) scored.push({ chunk: chunks[index]!, score });
    });
    return scored
      .sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id))
      .slice(0, query.topK)
      .map((hit) => ({ chunk: copy(hit.chunk), score: hit.score }));
  }
}

export class InMemoryConversationRepository implements ConversationRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(conversation: Conversation, messages: readonly Message[] = []): Promise<Conversation> {
    const stored = withMessages(conversation, messages);
    this.db.tables.conversations.set(stored.id, copy(stored));
    for (const message of messages) this.db.tables.messages.set(message.id, copy(message));
    return copy(stored);
  }

  async findById(projectId: string, id: string): Promise<Conversation | null> {
    const conversation = this.db.tables.conversations.get(id);
    return conversation && conversation.projectId === projectId ? copy(conversation) : null;
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Conversation>> {
    const rows = [...this.db.tables.conversations.values()].filter((row) => row.projectId === projectId);
    return copy(paginate(rows, page));
  }

  async count(projectId: string): Promise<number> {
    return [...this.db.tables.conversations.values()].filter((row) => row.projectId === projectId).length;
  }

  async appendMessages(messages: readonly Message[]): Promise<void> {
    const first = messages[0];
    if (!first) return;
    assertOneConversation(messages);
    const conversation = this.db.tables.conversations.get(first.conversationId);
    if (!conversation || conversation.projectId !== first.projectId) {
      throw new DomainError('conversation_not_found', 'Conversation not found');
    }
    for (const message of messages) {
      this.db.tables.messages.set(message.id, copy(message));
      conversation.messageCount += 1;
      if (message.createdAt > conversation.updatedAt) conversation.updatedAt = message.createdAt;
    }
  }

  private messagesOf(projectId: string, conversationId: string): Message[] {
    return [...this.db.tables.messages.values()].filter(
      (message) => message.projectId === projectId && message.conversationId === conversationId,
    );
  }

  async listMessages(projectId: string, conversationId: string, page: PageRequest): Promise<Page<Message>> {
    return copy(paginate(this.messagesOf(projectId, conversationId), page, true));
  }

  async recentMessages(projectId: string, conversationId: string, limit: number): Promise<Message[]> {
    const all = paginate(
      this.messagesOf(projectId, conversationId),
      { limit: Number.MAX_SAFE_INTEGER },
      true,
    ).items;
    return copy(all.slice(Math.max(0, all.length - limit)));
  }

  async findMessage(projectId: string, id: string): Promise<Message | null> {
    const message = this.db.tables.messages.get(id);
    return message && message.projectId === projectId ? copy(message) : null;
  }

  async countMessages(projectId: string): Promise<number> {
    return [...this.db.tables.messages.values()].filter((message) => message.projectId === projectId).length;
  }

  async updateSummary(projectId: string, id: string, summary: string, messageCount: number): Promise<void> {
    const conversation = this.db.tables.conversations.get(id);
    if (!conversation || conversation.projectId !== projectId) return;
    conversation.summary = summary;
    conversation.summarizedMessageCount = messageCount;
  }
}

const emptyTotals = (): UsageTotals => ({ calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 });

function add(totals: UsageTotals, event: UsageEvent): void {
  totals.calls += 1;
  totals.promptTokens += event.promptTokens;
  totals.completionTokens += event.completionTokens;
  totals.totalTokens += event.totalTokens;
}

export class InMemoryUsageRepository implements UsageRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async record(event: UsageEvent, settlement: TokenSettlement = { reservedTokens: 0 }): Promise<void> {
    this.db.tables.usage.push(copy(event));
    const project = this.db.tables.projects.get(event.projectId);
    if (!project) return;
    project.tokensReserved = Math.max(0, project.tokensReserved - settlement.reservedTokens);
    project.tokensUsed += event.totalTokens;
    Object.assign(project, chargedPeriod(project, event.totalTokens, event.createdAt));
  }

  async summary(projectId: string, since: Date): Promise<UsageSummary> {
    const totals = emptyTotals();
    const byEndpoint = new Map<string, UsageTotals>();
    const daily = new Map<string, UsageTotals>();
    for (const event of this.db.tables.usage) {
      if (event.projectId !== projectId || event.createdAt < since) continue;
      add(totals, event);
      add(
        byEndpoint.get(event.endpoint) ?? byEndpoint.set(event.endpoint, emptyTotals()).get(event.endpoint)!,
        event,
      );
      const day = event.createdAt.toISOString().slice(0, 10);
      add(daily.get(day) ?? daily.set(day, emptyTotals()).get(day)!, event);
    }
    return {
      totals,
      byEndpoint: [...byEndpoint]
        .map(([endpoint, value]) => ({ endpoint, ...value }))
        .sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
      daily: [...daily].map(([day, value]) => ({ day, ...value })).sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  async recent(projectId: string, limit: number): Promise<UsageEvent[]> {
    return copy(
      this.db.tables.usage
        .filter((event) => event.projectId === projectId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
        .slice(0, limit),
    );
  }
}
