import type { ChatBuddy } from '@chatbuddy/runtime';
import { evenSample, normaliseAnswer, type SquadArticle } from './datasets.js';
import { ingest, type Progress, round } from './ingest.js';
import { auroc } from './metrics.js';

/** One asked question and what the product did with it. */
export interface SquadOutcome {
  /** Its article was uploaded. */
  inCorpus: boolean;
  /** SQuAD 2.0 marks it unanswerable from its paragraph (`is_impossible`). */
  impossible: boolean;
  answered: boolean;
  /** Answered, answerable, in the corpus, and the reply contains a gold answer. */
  right: boolean;
  confidence: number;
}

/** Confidence thresholds of the trade-off curve (0 is the product's own decision). */
export const tradeOffThresholds = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

const rate = (items: readonly SquadOutcome[], test: (item: SquadOutcome) => boolean) =>
  items.length ? round(items.filter(test).length / items.length) : 0;

/**
 * The rates of `chatbuddy eval --dataset squad`, and the trade-off curve: for each threshold, the
 * rates when answers below that confidence are withheld as well (abstention on unanswerable
 * questions about uploaded articles against the answer rate on answerable ones).
 */
export function summariseSquad(outcomes: readonly SquadOutcome[]) {
  const answerable = outcomes.filter((item) => item.inCorpus && !item.impossible);
  const unanswerable = outcomes.filter((item) => item.inCorpus && item.impossible);
  const outside = outcomes.filter((item) => !item.inCorpus);
  const answered = outcomes.filter((item) => item.answered);
  const tradeOff = tradeOffThresholds.map((threshold) => {
    const kept = (item: SquadOutcome) => item.answered && item.confidence >= threshold;
    return {
      threshold,
      answerRateInCorpus: rate(answerable, kept),
      abstainRateUnanswerableInCorpus: rate(unanswerable, (item) => !kept(item)),
      abstainRateOutOfCorpus: rate(outside, (item) => !kept(item)),
      goldInReplyOfAnswered: rate(answerable.filter(kept), (item) => item.right),
    };
  });
  return {
    questions: outcomes.length,
    inCorpusAnswerable: answerable.length,
    inCorpusUnanswerable: unanswerable.length,
    outOfCorpus: outside.length,
    answerRateInCorpus: rate(answerable, (item) => item.answered),
    falseAbstentionRate: rate(answerable, (item) => !item.answered),
    abstainRateUnanswerableInCorpus: rate(unanswerable, (item) => !item.answered),
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
    // The same, over the questions the evaluation held before unanswerable ones were added
    // (answerable ones on uploaded articles and every question on the others): comparable with
    // earlier measurements.
    confidenceAurocRightVsWrongWithoutUnanswerable: round(
      auroc(
        answered.filter((item) => !(item.inCorpus && item.impossible)).map((item) => item.confidence),
        answered.filter((item) => !(item.inCorpus && item.impossible)).map((item) => item.right),
      ),
    ),
    confidenceAurocAll: round(
      auroc(
        outcomes.map((item) => item.confidence),
        outcomes.map((item) => item.right),
      ),
    ),
    tradeOff,
  };
}

/**
 * Abstention and answer support on SQuAD 2.0: every other article is uploaded. Answerable
 * questions on uploaded articles should be answered with the gold span; unanswerable ones on them
 * (written to share the paragraph's words) and every question on the others should be abstained on.
 */
export async function evaluateSquad(
  runtime: ChatBuddy,
  articles: SquadArticle[],
  options: { limit: number; progress: Progress },
) {
  const { project } = await runtime.projects.create({ name: 'Evaluation (SQuAD)' });
  // The project goes when the evaluation ends: against a server's database it would stay.
  try {
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
    const outcomes: SquadOutcome[] = [];
    for (const [index, { qa, inCorpus }] of questions.entries()) {
      const answer = await runtime.chat.ask(project.id, { message: qa.question });
      const reply = normaliseAnswer(answer.reply);
      const impossible = qa.is_impossible === true || qa.answers.length === 0;
      const right =
        inCorpus &&
        !impossible &&
        answer.answered &&
        qa.answers.some((gold) => reply.includes(normaliseAnswer(gold.text)));
      outcomes.push({
        inCorpus,
        impossible,
        answered: answer.answered,
        right,
        confidence: answer.confidence,
      });
      if ((index + 1) % 200 === 0) options.progress(`asked ${index + 1}/${questions.length} questions`);
    }
    return {
      dataset: 'squad',
      articlesUploaded: uploaded.length,
      articlesLeftOut: articles.length - uploaded.length,
      ...summariseSquad(outcomes),
    };
  } finally {
    await runtime.projects.remove(project.id);
  }
}
