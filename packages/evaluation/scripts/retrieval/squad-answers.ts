/**
 * Tuning of the offline answerer on SQuAD 2.0 (research, in-memory store). Retrieval runs once and
 * is cached; answerer variants and the reply-confidence fit then take seconds. Usage:
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/retrieval/squad-answers.ts \
 *     --data dev-v2.0.tuning.json --cache /tmp/squad-retrieval.json [--limit 1775] \
 *     [--variants '[{"distinctiveWeight":14}]']
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ExtractiveOptions,
  englishTermWeight,
  extractAnswer,
  LocalEmbedder,
  TiktokenCounter,
} from '@chatbuddy/adapters-llm';
import {
  analyse,
  answersQuestionType,
  type ContextPassage,
  questionTerms,
  Retriever,
  replySupport,
  supportingPassages,
} from '@chatbuddy/core';
import { evenSample, loadSquad, normaliseAnswer } from '../../src/datasets.js';
import { auroc } from '../../src/metrics.js';
import { inMemoryKnowledge, ingest } from './knowledge-base.js';
import { fitLogistic } from './logistic.js';

interface Retrieved {
  question: string;
  gold: string[];
  inCorpus: boolean;
  impossible: boolean;
  confidence: number;
  answerable: boolean;
  passages: ContextPassage[];
}

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    cache: { type: 'string', default: '/tmp/squad-retrieval.json' },
    limit: { type: 'string', default: '1775' },
    variants: { type: 'string', default: '[{}]' },
    features: { type: 'string', default: '0,1' },
  },
});

async function retrieveAll(): Promise<Retrieved[]> {
  const articles = loadSquad(values.data!);
  const ports = inMemoryKnowledge();
  const embedder = new LocalEmbedder();
  const projectId = '00000000-0000-4000-8000-0000000005ae';
  await ingest(
    ports,
    projectId,
    articles
      .filter((_, index) => index % 2 === 0)
      .map((article) => ({
        id: article.title,
        title: article.title.replaceAll('_', ' '),
        content: article.paragraphs.map((paragraph) => paragraph.context).join('\n\n'),
      })),
    embedder,
    new TiktokenCounter(),
  );
  const retriever = new Retriever(ports, { termWeight: englishTermWeight });
  const questions = evenSample(
    articles.flatMap((article, index) =>
      article.paragraphs.flatMap((paragraph) =>
        paragraph.qas.map((qa) => ({ qa, inCorpus: index % 2 === 0 })),
      ),
    ),
    Number(values.limit),
  );
  const rows: Retrieved[] = [];
  for (const { qa, inCorpus } of questions) {
    const result = await retriever.retrieve(projectId, qa.question, { topK: 5, embedder });
    rows.push({
      question: qa.question,
      gold: qa.answers.map((answer) => answer.text),
      inCorpus,
      impossible: qa.is_impossible === true || qa.answers.length === 0,
      confidence: result.confidence,
      answerable: result.answerable,
      passages: result.passages.map((passage, rank) => ({
        label: `S${rank + 1}`,
        title: passage.title,
        headingPath: passage.chunk.headingPath,
        text: passage.chunk.text,
        score: passage.score,
      })),
    });
  }
  return rows;
}

const rows: Retrieved[] = existsSync(values.cache!)
  ? JSON.parse(readFileSync(values.cache!, 'utf8'))
  : await retrieveAll();
if (!existsSync(values.cache!)) writeFileSync(values.cache!, JSON.stringify(rows));

const featureSet = values.features!.split(',').map(Number);
const logit = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));
const rate = <T>(items: readonly T[], test: (item: T) => boolean) =>
  items.length ? Number((items.filter(test).length / items.length).toFixed(4)) : 0;

for (const { threshold, ...variant } of JSON.parse(values.variants!) as Array<
  Partial<ExtractiveOptions> & { threshold?: number }
>) {
  const outcomes = rows.map((row) => {
    const answer = extractAnswer(row.question, row.passages, { termWeight: englishTermWeight, ...variant });
    const answerable = threshold === undefined ? row.answerable : row.confidence >= threshold;
    const answered = answerable && answer.passage !== null;
    const reply = normaliseAnswer(answer.text);
    const right =
      answered &&
      row.inCorpus &&
      !row.impossible &&
      row.gold.some((gold) => reply.includes(normaliseAnswer(gold)));
    const source = supportingPassages(answer.text, row.passages)[0];
    const terms = questionTerms(row.question, englishTermWeight);
    const support = answered ? replySupport(terms, answer.text, row.passages[source ?? 0]) : 0;
    const own = answered ? replySupport(terms, answer.text, undefined) : 0;
    const typed = answersQuestionType(row.question, answer.text) ? 1 : 0;
    const asked = new Set(analyse(row.question));
    const fresh = Math.log1p(new Set(analyse(answer.text).filter((term) => !asked.has(term))).size);
    const replyTerms = new Set(analyse(answer.text));
    const weights = [...terms.terms.values()];
    const maxWeight = Math.max(1, ...weights);
    const missingMax =
      Math.max(0, ...[...terms.terms].filter(([term]) => !replyTerms.has(term)).map(([, w]) => w)) /
      maxWeight;
    const ordered = analyse(row.question);
    const replyOrdered = analyse(answer.text);
    const pairs = ordered.slice(1).map((term, i) => [ordered[i]!, term] as const);
    const near = (a: string, b: string) =>
      replyOrdered.some((t, i) => t === a && replyOrdered.slice(i + 1, i + 4).includes(b));
    const bigrams = pairs.length ? pairs.filter(([a, b]) => near(a, b)).length / pairs.length : 0;
    const negation = /\b(not|never|no|n't|without)\b/i;
    const negationMismatch = negation.test(row.question) !== negation.test(answer.text) ? 1 : 0;
    const all = [
      logit(row.confidence),
      support,
      own,
      typed,
      fresh,
      answered ? missingMax : 1,
      answered ? bigrams : 0,
      negationMismatch,
    ];
    return { ...row, answered, right, support, features: featureSet.map((index) => all[index]!) };
  });
  const answerable = outcomes.filter((item) => item.inCorpus && !item.impossible);
  const impossible = outcomes.filter((item) => item.inCorpus && item.impossible);
  const outside = outcomes.filter((item) => !item.inCorpus);
  const answered = outcomes.filter((item) => item.answered);
  const fit = fitLogistic(
    answered.map((item) => item.features),
    answered.map((item) => item.right),
  );
  const combined = (item: (typeof outcomes)[number]) =>
    item.answered
      ? 1 /
        (1 +
          Math.exp(
            -(fit.intercept + item.features.reduce((sum, value, i) => sum + value * fit.weights[i]!, 0)),
          ))
      : 0;
  const retrievalOnly = (item: (typeof outcomes)[number]) => (item.answered ? item.confidence : 0);
  console.log(
    JSON.stringify({
      variant,
      threshold,
      answeredInCorpus: rate(answerable, (item) => item.answered),
      abstainedOut: rate(outside, (item) => !item.answered),
      abstainedImpossible: rate(impossible, (item) => !item.answered),
      goldInReply: rate(
        answerable.filter((item) => item.answered),
        (item) => item.right,
      ),
      retrieval: {
        rightVsWrong: auroc(
          answered.map(retrievalOnly),
          answered.map((item) => item.right),
        ),
        all: auroc(
          outcomes.map(retrievalOnly),
          outcomes.map((item) => item.right),
        ),
      },
      fit,
      combined: {
        rightVsWrong: auroc(
          answered.map(combined),
          answered.map((item) => item.right),
        ),
        all: auroc(
          outcomes.map(combined),
          outcomes.map((item) => item.right),
        ),
      },
    }),
  );
}
