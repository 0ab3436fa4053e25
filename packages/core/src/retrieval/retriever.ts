import type { DocumentId, ProjectId } from '../domain/common.js';
import type { Chunk, ScoredChunk } from '../domain/document.js';
import { DomainError } from '../errors/domain-error.js';
import type { DocumentRepository } from '../ports/document.repository.port.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import type { VectorStore } from '../ports/vector-store.port.js';
import { type ConfidenceEvidence, type ConfidenceModel, confidenceOf } from './confidence.js';
import { type FusedCandidate, type FusionOptions, fuseRankings } from './fusion.js';
import { type PassageFeatures, passageFeatures, questionTerms, type TermWeight } from './rerank.js';
import { defaultRetrieverOptions } from './retriever.defaults.js';

/** Ports the retriever reads. */
export interface RetrieverPorts {
  vectorStore: VectorStore;
  lexicalIndex: LexicalIndex;
  documents: DocumentRepository;
  /** Default embedder; a call may pass the project's own. */
  embedder?: Embedder;
}

/** Weights of the reranker: the fused score (scaled to 0..1) plus question-coverage evidence. */
export interface RerankWeights {
  fused: number;
  coverage: number;
  sentenceCoverage: number;
  headingCoverage: number;
}

export interface RetrieverOptions {
  /** Candidates fetched from each list before fusion. */
  candidates: number;
  fusion: FusionOptions;
  rerank: RerankWeights;
  confidence: ConfidenceModel;
  /** Minimum confidence to answer (chosen from measurements, docs/retrieval.md). */
  answerThreshold: number;
  /** Weight of question terms in coverage features (an idf); default `lengthTermWeight`. */
  termWeight?: TermWeight;
}

export interface RetrieveOptions {
  topK?: number;
  /** The project's embedder (must be the one its vectors were written with). */
  embedder?: Embedder;
  documentIds?: readonly DocumentId[];
  signal?: AbortSignal;
}

/** One retrieved passage, best first. */
export interface RetrievedPassage {
  chunk: Chunk;
  /** Reranked score (higher is better). */
  score: number;
  /** Title of the chunk's document. */
  title: string;
  vectorScore: number | null;
  lexicalScore: number | null;
  features: PassageFeatures;
}

export interface RetrievalResult {
  passages: RetrievedPassage[];
  /** 0..1 confidence that the best passage answers the question. */
  confidence: number;
  /** Whether the evidence is strong enough to answer (`confidence >= answerThreshold`). */
  answerable: boolean;
  /** What `confidence` was computed from (null without passages). */
  evidence: ConfidenceEvidence | null;
}

/**
 * Hybrid retrieval: vector and lexical search in parallel, stale hits dropped (chunk rows are the
 * truth), lists fused, candidates reranked by question coverage, confidence from the evidence.
 */
export class Retriever {
  readonly options: RetrieverOptions;

  constructor(
    private readonly ports: RetrieverPorts,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.options = { ...defaultRetrieverOptions, ...options };
  }

  /** Passages for `question` in the project, with confidence and the answer decision. */
  async retrieve(
    projectId: ProjectId,
    question: string,
    options: RetrieveOptions = {},
  ): Promise<RetrievalResult> {
    const embedder = options.embedder ?? this.ports.embedder;
    if (!embedder) throw new DomainError('invalid_input', 'The retriever needs an embedder');
    const topK = options.topK ?? 5;
    const candidates = Math.max(this.options.candidates, topK);
    const filter = options.documentIds ? { documentIds: options.documentIds } : {};
    const [embedding] = await embedder.embed([question], { purpose: 'query', signal: options.signal });
    const [vectorHits, lexicalHits] = await Promise.all([
      this.ports.vectorStore.query(projectId, { embedding: embedding!, topK: candidates, ...filter }),
      this.ports.lexicalIndex.search(projectId, { text: question, topK: candidates, ...filter }),
    ]);
    const live = await this.liveChunks(projectId, [...vectorHits, ...lexicalHits]);
    const keep = (hit: ScoredChunk) => live.has(hit.chunk.id);
    const fused = fuseRankings(vectorHits.filter(keep), lexicalHits.filter(keep), this.options.fusion);
    for (const candidate of fused) candidate.chunk = live.get(candidate.chunk.id)!;
    const ranked = this.rerank(question, fused).slice(0, topK);
    const titles = await this.titles(
      projectId,
      ranked.map((entry) => entry.candidate.chunk.documentId),
    );
    const passages = ranked.map(({ candidate, score, features }) => ({
      chunk: candidate.chunk,
      score,
      title: titles.get(candidate.chunk.documentId) ?? '',
      vectorScore: candidate.vectorScore,
      lexicalScore: candidate.lexicalScore,
      features,
    }));
    const evidence = this.evidence(ranked[0]?.candidate, passages[0]?.features);
    const confidence = evidence ? confidenceOf(evidence, this.options.confidence) : 0;
    return {
      passages,
      confidence,
      answerable: evidence !== null && confidence >= this.options.answerThreshold,
      evidence,
    };
  }

  /** Current chunk rows of the hits: a vector or index entry without a row is stale and dropped. */
  private async liveChunks(projectId: ProjectId, hits: readonly ScoredChunk[]): Promise<Map<string, Chunk>> {
    const ids = [...new Set(hits.map((hit) => hit.chunk.id))];
    if (ids.length === 0) return new Map();
    const rows = await this.ports.documents.findChunks(projectId, ids);
    return new Map(rows.map((row) => [row.id, row]));
  }

  private rerank(question: string, fused: readonly FusedCandidate[]) {
    const terms = questionTerms(question, this.options.termWeight);
    const weights = this.options.rerank;
    const best = fused[0]?.score || 1;
    return fused
      .map((candidate) => {
        const features = passageFeatures(terms, candidate.chunk.text, candidate.chunk.headingPath);
        const score =
          weights.fused * (candidate.score / best) +
          weights.coverage * features.coverage +
          weights.sentenceCoverage * features.sentenceCoverage +
          weights.headingCoverage * features.headingCoverage;
        return { candidate, score, features };
      })
      .sort((a, b) => b.score - a.score || a.candidate.chunk.id.localeCompare(b.candidate.chunk.id));
  }

  private evidence(
    best: FusedCandidate | undefined,
    features: PassageFeatures | undefined,
  ): ConfidenceEvidence | null {
    if (!best || !features) return null;
    const agreement = best.vectorRank === 1 && best.lexicalRank === 1 ? 1 : 0;
    return { ...features, vectorScore: best.vectorScore ?? 0, agreement };
  }

  private async titles(projectId: ProjectId, documentIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(documentIds)];
    const documents = await Promise.all(unique.map((id) => this.ports.documents.findById(projectId, id)));
    return new Map(documents.flatMap((document) => (document ? [[document.id, document.title]] : [])));
  }
}
