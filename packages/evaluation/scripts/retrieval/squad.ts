import { readFileSync } from 'node:fs';
import { LocalChatModel } from '@chatbuddy/adapters-llm';
import { dontKnow, type Embedder, type Retriever, type TermWeight, type TokenCounter } from '@chatbuddy/core';
import { auroc, mean } from '../../src/metrics.js';
import { ingest, type KnowledgePorts } from './knowledge-base.js';
import { fitLogistic } from './logistic.js';

interface SquadFile {
  data: Array<{
    title: string;
    paragraphs: Array<{
      context: string;
      qas: Array<{ id: string; question: string; answers: Array<{ text: string }>; is_impossible: boolean }>;
    }>;
  }>;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface Outcome {
  inCorpus: boolean;
  impossible: boolean;
  answered: boolean;
  /** The extractive reply (computed even when the retriever abstains) contains a gold answer. */
  right: boolean;
  confidence: number;
  features: number[];
}

/**
 * SQuAD 2.0: upload every other article; questions on uploaded articles should be answered (and
 * the extractive reply contain the gold answer), questions on the others should get `I don't know.`.
 */
export async function evaluateSquad(input: {
  data: string;
  ports: KnowledgePorts;
  embedder: Embedder;
  retriever: Retriever;
  tokenCounter: TokenCounter;
  limit: number;
  fit: boolean;
  termWeight?: TermWeight | undefined;
}): Promise<Record<string, unknown>> {
  const file = JSON.parse(readFileSync(input.data, 'utf8')) as SquadFile;
  const uploaded = file.data.filter((_, index) => index % 2 === 0);
  const projectId = '00000000-0000-4000-8000-0000000005ad';
  await ingest(
    input.ports,
    projectId,
    uploaded.map((article) => ({
      id: article.title,
      title: article.title.replaceAll('_', ' '),
      content: article.paragraphs.map((paragraph) => paragraph.context).join('\n\n'),
    })),
    input.embedder,
    input.tokenCounter,
  );
  const model = new LocalChatModel(input.termWeight ? { termWeight: input.termWeight } : {});
  const outcomes: Outcome[] = [];
  const questions = file.data.flatMap((article, index) =>
    article.paragraphs.flatMap((paragraph) => paragraph.qas.map((qa) => ({ qa, inCorpus: index % 2 === 0 }))),
  );
  const step = Math.max(1, Math.floor(questions.length / input.limit));
  for (let index = 0; index < questions.length; index += step) {
    const { qa, inCorpus } = questions[index]!;
    const result = await input.retriever.retrieve(projectId, qa.question, {
      topK: 5,
      embedder: input.embedder,
    });
    const completion = await model.complete({
      messages: [],
      question: qa.question,
      context: result.passages.map((passage, rank) => ({
        label: `S${rank + 1}`,
        title: passage.title,
        text: passage.chunk.text,
        score: passage.score,
      })),
    });
    const reply = normalise(completion.text);
    const right =
      inCorpus && !qa.is_impossible && qa.answers.some((answer) => reply.includes(normalise(answer.text)));
    const evidence = result.evidence;
    outcomes.push({
      inCorpus,
      impossible: qa.is_impossible,
      answered: result.answerable && completion.text !== dontKnow,
      right,
      confidence: result.confidence,
      features: evidence
        ? [evidence.coverage, evidence.sentenceCoverage, evidence.vectorScore, evidence.agreement]
        : [0, 0, 0, 0],
    });
  }
  return summarise(outcomes, input.fit);
}

function rate(outcomes: readonly Outcome[], test: (outcome: Outcome) => boolean): number {
  return outcomes.length === 0 ? 0 : outcomes.filter(test).length / outcomes.length;
}

function thresholdTable(
  answerable: readonly Outcome[],
  outside: readonly Outcome[],
  confidence: (outcome: Outcome) => number,
) {
  return [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map((threshold) => ({
    threshold,
    answerRateInCorpus: Number(rate(answerable, (outcome) => confidence(outcome) >= threshold).toFixed(4)),
    abstainRateOutOfCorpus: Number(rate(outside, (outcome) => confidence(outcome) < threshold).toFixed(4)),
  }));
}

function summarise(outcomes: readonly Outcome[], fit: boolean): Record<string, unknown> {
  const answerable = outcomes.filter((outcome) => outcome.inCorpus && !outcome.impossible);
  const impossible = outcomes.filter((outcome) => outcome.inCorpus && outcome.impossible);
  const outside = outcomes.filter((outcome) => !outcome.inCorpus);
  const answeredInCorpus = answerable.filter((outcome) => outcome.answered);
  const summary: Record<string, unknown> = {
    questions: outcomes.length,
    inCorpusAnswerable: answerable.length,
    inCorpusImpossible: impossible.length,
    outOfCorpus: outside.length,
    answerRateInCorpus: rate(answerable, (outcome) => outcome.answered),
    answerRateInCorpusImpossible: rate(impossible, (outcome) => outcome.answered),
    abstainRateOutOfCorpus: rate(outside, (outcome) => !outcome.answered),
    goldInReplyOfAnswered: rate(answeredInCorpus, (outcome) => outcome.right),
    aurocRightVsWrong: auroc(
      outcomes.map((outcome) => outcome.confidence),
      outcomes.map((outcome) => outcome.right),
    ),
    aurocInVsOutOfCorpus: auroc(
      [...answerable, ...outside].map((outcome) => outcome.confidence),
      [...answerable, ...outside].map((outcome) => outcome.inCorpus),
    ),
    meanConfidence: mean(outcomes.map((outcome) => outcome.confidence)),
  };
  summary.thresholds = thresholdTable(answerable, outside, (outcome) => outcome.confidence);
  if (fit) {
    // Fitted on in-corpus answerable vs out-of-corpus questions: the decision the threshold makes.
    const sample = [...answerable, ...outside];
    const model = fitLogistic(
      sample.map((outcome) => outcome.features),
      sample.map((outcome) => outcome.inCorpus),
    );
    const refitted = (outcome: Outcome) =>
      1 /
      (1 +
        Math.exp(
          -(
            model.intercept +
            outcome.features.reduce((sum, value, index) => sum + value * model.weights[index]!, 0)
          ),
        ));
    summary.fit = {
      model,
      aurocRightVsWrong: auroc(
        outcomes.map(refitted),
        outcomes.map((outcome) => outcome.right),
      ),
      aurocInVsOutOfCorpus: auroc(
        sample.map(refitted),
        sample.map((outcome) => outcome.inCorpus),
      ),
      thresholds: thresholdTable(answerable, outside, refitted),
    };
  }
  return summary;
}
