import { dontKnow, ModelGateway, Retriever } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import {
  type DocsDataset,
  goldCoverage,
  passageCoverage,
  squashSpace,
  usefulCoverage,
} from './docs-dataset.js';
import { auroc, mean } from './metrics.js';

type Progress = (message: string) => void;
const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** What happened to one question (kept in the result so a run can be inspected). */
export interface DocsOutcome {
  id: string;
  kind: 'answerable' | 'near-miss';
  answered: boolean;
  useful: boolean;
  confidence: number;
  /** 1-based rank of the first retrieved chunk holding the gold passage (null: not in the top 10). */
  goldRank: number | null;
  goldDocumentInSources: boolean;
}

/**
 * The documentation benchmark through the product: the snapshot files are uploaded into a fresh
 * project, every question is asked through the chat use case (local provider by default) and
 * retrieved through the same retriever for ranking metrics. Usefulness and passage hits follow
 * the documented rule (packages/evaluation/datasets/docs/README.md).
 */
export async function evaluateDocs(
  runtime: ChatBuddy,
  dataset: DocsDataset,
  options: { limit: number; progress: Progress; split: string },
) {
  const { project } = await runtime.projects.create({ name: 'Evaluation (docs)' });
  // The project goes when the evaluation ends: against a server's database it would stay.
  try {
    const documentIds = new Map<string, string>();
    for (const document of dataset.documents) {
      const stored = await runtime.documents.upload(project.id, {
        title: document.title,
        content: document.content,
        metadata: { sourceId: document.sourceId },
      });
      documentIds.set(document.sourceId, stored.id);
    }
    await runtime.maintain();
    const embedder = runtime
      .get<ModelGateway>(ModelGateway)
      .embedder(project.modelProvider, project.embeddingModel);
    const retriever = runtime.get<Retriever>(Retriever);
    const outcomes: DocsOutcome[] = [];
    for (const question of dataset.questions.slice(0, options.limit)) {
      const answer = await runtime.chat.ask(project.id, { message: question.question });
      const answered = answer.answered && answer.reply.trim() !== dontKnow;
      const goldDocument = question.file ? documentIds.get(question.file) : undefined;
      let goldRank: number | null = null;
      if (question.gold && goldDocument) {
        const { passages } = await retriever.retrieve(project.id, question.question, { topK: 10, embedder });
        const index = passages.findIndex(
          (passage) =>
            passage.chunk.documentId === goldDocument &&
            goldCoverage(question.gold!, squashSpace(passage.chunk.text)) >= passageCoverage,
        );
        goldRank = index < 0 ? null : index + 1;
      }
      outcomes.push({
        id: question.id,
        kind: question.kind,
        answered,
        useful:
          answered &&
          question.gold !== undefined &&
          goldCoverage(question.gold, answer.reply) >= usefulCoverage,
        confidence: answer.confidence,
        goldRank,
        goldDocumentInSources: answer.sources.some((source) => source.documentId === goldDocument),
      });
      if (outcomes.length % 50 === 0) options.progress(`asked ${outcomes.length} questions`);
    }
    return docsMetrics(outcomes, { documents: dataset.documents.length, split: options.split });
  } finally {
    await runtime.projects.remove(project.id);
  }
}

/** Aggregates outcomes into the reported metrics (rates over the named group, 0 when it is empty). */
export function docsMetrics(outcomes: readonly DocsOutcome[], about: { documents: number; split: string }) {
  const rate = (items: readonly DocsOutcome[], test: (item: DocsOutcome) => boolean) =>
    items.length ? round(items.filter(test).length / items.length) : 0;
  const answerable = outcomes.filter((item) => item.kind === 'answerable');
  const nearMiss = outcomes.filter((item) => item.kind === 'near-miss');
  const answered = outcomes.filter((item) => item.answered);
  const within = (k: number) => (item: DocsOutcome) => item.goldRank !== null && item.goldRank <= k;
  const curve = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3].map((threshold) => {
    const kept = (item: DocsOutcome) => item.answered && item.confidence >= threshold;
    return {
      threshold,
      answerable: rate(answerable, kept),
      useful: rate(answerable, (item) => kept(item) && item.useful),
      nearMissAnswered: rate(nearMiss, kept),
    };
  });
  return {
    dataset: 'docs',
    split: about.split,
    documents: about.documents,
    questions: outcomes.length,
    answerable: answerable.length,
    nearMiss: nearMiss.length,
    goldPassageAt1: rate(answerable, within(1)),
    goldPassageAt5: rate(answerable, within(5)),
    goldPassageAt10: rate(answerable, within(10)),
    mrrAt10: round(mean(answerable.map((item) => (item.goldRank ? 1 / item.goldRank : 0)))),
    goldDocumentInSources: rate(answerable, (item) => item.goldDocumentInSources),
    answerRate: rate(answerable, (item) => item.answered),
    usefulRate: rate(answerable, (item) => item.useful),
    usefulOfAnswered: rate(
      answerable.filter((item) => item.answered),
      (item) => item.useful,
    ),
    nearMissAbstainRate: rate(nearMiss, (item) => !item.answered),
    confidenceAurocUsefulVsNot: round(
      auroc(
        answered.map((item) => item.confidence),
        answered.map((item) => item.useful),
      ),
    ),
    confidenceAurocAnswerableVsNearMiss: round(
      auroc(
        outcomes.map((item) => item.confidence),
        outcomes.map((item) => item.kind === 'answerable'),
      ),
    ),
    confidenceAurocAll: round(
      auroc(
        outcomes.map((item) => item.confidence),
        outcomes.map((item) => item.useful),
      ),
    ),
    byConfidenceThreshold: curve,
  };
}
