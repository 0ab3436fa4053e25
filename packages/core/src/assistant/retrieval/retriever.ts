import type { DocumentId, ProjectId } from '../../shared/common.js';
import type { Chunk } from '../../knowledge/index.js';
import { DomainError } from '../../shared/domain-error.js';
import type { DocumentRepository } from '../../ports/document.repository.port.js';
import type { Embedder } from '../../ports/embedder.port.js';
import type { LexicalIndex } from '../../ports/lexical-index.port.js';
import type { VectorStore } from '../../ports/vector-store.port.js';
import { type ConfidenceEvidence, confidenceOf } from './confidence.js';
import {
  type AppliedCalibration,
  type ConfidenceCalibrations,
  calibrationFor,
} from './confidence-calibration.js';
import { type FusedCandidate, type FusionOptions, fuseRankings } from './fusion.js';
import { PassageAnalysis, type PassageFeatures } from './passage-features.js';
import { type QuestionTerms, questionTerms, type TermWeight } from './question-terms.js';
import { defaultRetrieverOptions } from './retriever.defaults.js';
import { languageOf } from './text/analysis.js';
import { isWellSupportedIn } from './text/language.js';

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
  /**
   * Confidence coefficients and answer threshold per embedding model (measured for the local
   * embedder; others use an explicit uncalibrated fallback, docs/retrieval.md).
   */
  calibrations: ConfidenceCalibrations;
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
  /** The calibration applied, chosen by the embedder's model (`calibrated: false` for the fallback). */
  calibration: AppliedCalibration;
  /** What `confidence` was computed from (null without passages). */
  evidence: ConfidenceEvidence | null;
}

interface RankedCandidate {
  candidate: FusedCandidate;
  score: number;
}

/**
 * Hybrid retrieval: vector and lexical search in parallel, lists fused, candidates reranked by
 * question coverage, stale hits dropped (chunk rows are the truth), confidence from the evidence.
 */
export class Retriever {
  readonly options: RetrieverOptions;
  private readonly analysis = new PassageAnalysis();

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
    const terms = questionTerms(question, this.options.termWeight);
    const search = async () => {
      const [vectorHits, lexicalHits] = await Promise.all([
        this.ports.vectorStore.query(projectId, { embedding: embedding!, topK: candidates, ...filter }),
        this.ports.lexicalIndex.search(projectId, { text: question, topK: candidates, ...filter }),
      ]);
      const reranked = this.rerank(terms, fuseRankings(vectorHits, lexicalHits, this.options.fusion));
      return this.liveBest(projectId, reranked, topK);
    };
    const decide = ({ live: ranked, titles }: Awaited<ReturnType<typeof search>>): RetrievalResult => {
      const passages = ranked.map(({ candidate, score }) => ({
        chunk: candidate.chunk,
        score,
        title: titles.get(candidate.chunk.documentId) ?? '',
        vectorScore: candidate.vectorScore,
        lexicalScore: candidate.lexicalScore,
        features: this.analysis.features(terms, candidate.chunk.text, candidate.chunk.headingPath),
      }));
      const evidence = this.evidence(ranked[0]?.candidate, passages[0]?.features);
      const calibration = calibrationFor(embedder.model, this.options.calibrations);
      const confidence = evidence ? confidenceOf(evidence, calibration.model) : 0;
      return {
        passages,
        confidence,
        answerable:
          evidence !== null &&
          confidence >= calibration.answerThreshold &&
          isWellSupportedIn(languageOf(question), evidence.sentenceCoverage),
        calibration,
        evidence,
      };
    };
    const first = await search();
    const result = decide(first);
    // The two searches read apart: a document swapped between them leaves each with one side of
    // it (its old passage in one, its new in the other) and the old one is dropped as stale, so
    // the new one is judged on half its evidence. When that leaves nothing to answer with, one
    // more search reads both sides after the swap; a whole result is never searched twice.
    if (first.stale === 0 || result.answerable) return result;
    return decide(await search());
  }

  /**
   * The best `topK` candidates that still have a chunk row, with the row's current data and its
   * document's title: a vector or index entry without a row is stale and skipped. Rows are read
   * for the leading candidates only, `topK` at a time, in one query each.
   */
  private async liveBest(projectId: ProjectId, ranked: readonly RankedCandidate[], topK: number) {
    const live: RankedCandidate[] = [];
    const titles = new Map<string, string>();
    let stale = 0;
    const batch = topK;
    for (let start = 0; live.length < topK && start < ranked.length; start += batch) {
      const slice = ranked.slice(start, start + batch);
      const rows = await this.ports.documents.findPassages(
        projectId,
        slice.map((entry) => entry.candidate.chunk.id),
      );
      const byId = new Map(rows.map((row) => [row.chunk.id, row]));
      for (const entry of slice) {
        const row = byId.get(entry.candidate.chunk.id);
        if (!row) stale += 1;
        if (!row || live.length >= topK) continue;
        entry.candidate.chunk = row.chunk;
        titles.set(row.chunk.documentId, row.title);
        live.push(entry);
      }
    }
    return { live, titles, stale };
  }

  /**
   * Orders candidates by fused score (scaled to the best) plus weighted coverage features. The
   * defaults weigh text coverage, so every candidate's passage is analysed (memoised); with both
   * text coverage weights at 0 only heading paths are analysed here, and full passage features
   * are computed for the returned passages only.
   */
  private rerank(terms: QuestionTerms, fused: readonly FusedCandidate[]): RankedCandidate[] {
    const weights = this.options.rerank;
    const readsText = weights.coverage !== 0 || weights.sentenceCoverage !== 0;
    const best = fused[0]?.score || 1;
    return fused
      .map((candidate) => {
        const { chunk } = candidate;
        const features = readsText
          ? this.analysis.features(terms, chunk.text, chunk.headingPath)
          : {
              coverage: 0,
              sentenceCoverage: 0,
              headingCoverage: this.analysis.headingCoverage(terms, chunk.headingPath),
            };
        const score =
          weights.fused * (candidate.score / best) +
          weights.coverage * features.coverage +
          weights.sentenceCoverage * features.sentenceCoverage +
          weights.headingCoverage * features.headingCoverage;
        return { candidate, score };
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
}
