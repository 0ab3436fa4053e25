import { ModelGateway, Retriever } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { type BeirDataset, evenSample, normaliseAnswer, type SquadArticle } from './datasets.js';
import { auroc, dedupe, mean, mrrAtK, ndcgAtK, recallAtK } from './metrics.js';

type Progress = (message: string) => void;
const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** Uploads documents one by one through the product's upload use case; returns document id → source id. */
async function ingest(
  runtime: ChatBuddy,
  projectId: string,
  documents: Array<{ sourceId: string; title: string; content: string }>,
  progress: Progress,
) {
  const bySource = new Map<string, string>();
  const started = performance.now();
  for (const [index, document] of documents.entries()) {
    try {
      const stored = await runtime.documents.upload(projectId, {
        title: (document.title || document.sourceId).slice(0, 200),
        content: document.content,
        metadata: { sourceId: document.sourceId },
      });
      bySource.set(stored.id, document.sourceId);
    } catch (error) {
      // Duplicates and empty texts exist in public datasets; they are reported, not fatal.
      progress(`skipped ${document.sourceId}: ${(error as Error).message}`);
    }
    if ((index + 1) % 500 === 0) progress(`indexed ${index + 1}/${documents.length} documents`);
  }
  await runtime.maintain();
  return { bySource, seconds: (performance.now() - started) / 1000 };
}

/** Retrieval quality on BEIR data through the same retriever `/chat` uses. */
export async function evaluateBeir(
  runtime: ChatBuddy,
  dataset: BeirDataset,
  options: { limit: number; progress: Progress },
) {
  const { project } = await runtime.projects.create({ name: 'Evaluation (BEIR)' });
  const { bySource, seconds } = await ingest(
    runtime,
    project.id,
    dataset.corpus.map((row) => ({
      sourceId: row.id,
      title: row.title,
      content: row.title ? `${row.title}\n\n${row.text}` : row.text,
    })),
    options.progress,
  );
  const embedder = runtime
    .get<ModelGateway>(ModelGateway)
    .embedder(project.modelProvider, project.embeddingModel);
  const retriever = runtime.get<Retriever>(Retriever);
  const scores = {
    ndcg10: [] as number[],
    recall10: [] as number[],
    recall100: [] as number[],
    mrr10: [] as number[],
    latencyMs: [] as number[],
  };
  const queries = evenSample(dataset.queries, options.limit);
  for (const [index, query] of queries.entries()) {
    const started = performance.now();
    const result = await retriever.retrieve(project.id, query.text, { topK: 100, embedder });
    scores.latencyMs.push(performance.now() - started);
    const ranked = dedupe(
      result.passages
        .map((passage) => bySource.get(passage.chunk.documentId) ?? '')
        .filter((id) => id && id !== query.id),
    );
    const judged = dataset.qrels.get(query.id)!;
    scores.ndcg10.push(ndcgAtK(ranked, judged, 10));
    scores.recall10.push(recallAtK(ranked, judged, 10));
    scores.recall100.push(recallAtK(ranked, judged, 100));
    scores.mrr10.push(mrrAtK(ranked, judged, 10));
    if ((index + 1) % 200 === 0) options.progress(`asked ${index + 1}/${queries.length} queries`);
  }
  const sorted = [...scores.latencyMs].sort((a, b) => a - b);
  return {
    dataset: 'beir',
    documents: bySource.size,
    queries: queries.length,
    ingestSeconds: round(seconds),
    ndcgAt10: round(mean(scores.ndcg10)),
    recallAt10: round(mean(scores.recall10)),
    recallAt100: round(mean(scores.recall100)),
    mrrAt10: round(mean(scores.mrr10)),
    retrievalLatencyMs: {
      p50: round(sorted[Math.floor(sorted.length * 0.5)] ?? 0),
      p95: round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
    },
  };
}

/**
 * Abstention and answer support on SQuAD-style data: every other article is uploaded; questions on
 * uploaded articles should be answered with the gold span, questions on the others abstained on.
 */
export async function evaluateSquad(
  runtime: ChatBuddy,
  articles: SquadArticle[],
  options: { limit: number; progress: Progress },
) {
  const { project } = await runtime.projects.create({ name: 'Evaluation (SQuAD)' });
  const uploaded = articles.filter((_, index) => index % 2 === 0);
  await ingest(
    runtime,
    project.id,
    uploaded.map((article) => ({
      sourceId: article.title,
      title: article.title.replaceAll('_', ' '),
      content: article.paragraphs.map((paragraph) => paragraph.context).join('\n\n'),
    })),
    options.progress,
  );
  const questions = evenSample(
    articles.flatMap((article, index) =>
      article.paragraphs.flatMap((paragraph) =>
        paragraph.qas.map((qa) => ({ qa, inCorpus: index % 2 === 0 })),
      ),
    ),
    options.limit,
  );
  const outcomes: Array<{
    inCorpus: boolean;
    impossible: boolean;
    answered: boolean;
    right: boolean;
    confidence: number;
  }> = [];
  for (const [index, { qa, inCorpus }] of questions.entries()) {
    const answer = await runtime.chat.ask(project.id, { message: qa.question });
    const reply = normaliseAnswer(answer.reply);
    const impossible = qa.is_impossible === true || qa.answers.length === 0;
    const right =
      inCorpus &&
      !impossible &&
      answer.answered &&
      qa.answers.some((gold) => reply.includes(normaliseAnswer(gold.text)));
    outcomes.push({ inCorpus, impossible, answered: answer.answered, right, confidence: answer.confidence });
    if ((index + 1) % 200 === 0) options.progress(`asked ${index + 1}/${questions.length} questions`);
  }
  const rate = (items: typeof outcomes, test: (item: (typeof outcomes)[number]) => boolean) =>
    items.length ? round(items.filter(test).length / items.length) : 0;
  const answerable = outcomes.filter((item) => item.inCorpus && !item.impossible);
  const outside = outcomes.filter((item) => !item.inCorpus);
  const answered = outcomes.filter((item) => item.answered);
  return {
    dataset: 'squad',
    articlesUploaded: uploaded.length,
    articlesLeftOut: articles.length - uploaded.length,
    questions: outcomes.length,
    inCorpusAnswerable: answerable.length,
    outOfCorpus: outside.length,
    answerRateInCorpus: rate(answerable, (item) => item.answered),
    falseAbstentionRate: rate(answerable, (item) => !item.answered),
    abstainRateOutOfCorpus: rate(outside, (item) => !item.answered),
    falseAnswerRate: rate(outside, (item) => item.answered),
    goldInReplyOfAnswered: rate(
      answerable.filter((item) => item.answered),
      (item) => item.right,
    ),
    confidenceAurocRightVsWrong: round(
      auroc(
        answered.map((item) => item.confidence),
        answered.map((item) => item.right),
      ),
    ),
    confidenceAurocAll: round(
      auroc(
        outcomes.map((item) => item.confidence),
        outcomes.map((item) => item.right),
      ),
    ),
  };
}
