import type { QuestionTerms } from './question-terms.js';
import { analyse } from './text/analysis.js';

/** A passage as the reply checks see it. */
export interface SupportPassage {
  title: string;
  headingPath?: readonly string[];
  text: string;
  score: number;
}

/** How sources are cut to those that support a reply. */
export interface SourceCutOptions {
  /** A passage quoting the reply holds at least this share of the reply's terms. */
  quoteShare: number;
  /** Without a quoting or cited passage, passages scoring at least this share of the best are kept. */
  relativeScore: number;
}

export const defaultSourceCut: SourceCutOptions = { quoteShare: 0.9, relativeScore: 0.8 };

function termsOf(passage: SupportPassage): Set<string> {
  return new Set(analyse(`${passage.title}\n${(passage.headingPath ?? []).join('\n')}\n${passage.text}`));
}

/** Share (0..1) of the reply's distinct terms found in the passage, its heading path and title. */
export function quotedShare(reply: string, passage: SupportPassage): number {
  const replyTerms = new Set(analyse(reply));
  if (replyTerms.size === 0) return 0;
  const present = termsOf(passage);
  let found = 0;
  for (const term of replyTerms) if (present.has(term)) found += 1;
  return found / replyTerms.size;
}

/**
 * Indexes of the passages that support a reply: those it cites as `[S1]`…; else those it quotes
 * (nearly all of its words are theirs); else those scoring close to the best one. Never all
 * five by default: a source list names what the reply rests on.
 */
export function supportingPassages(
  reply: string,
  passages: readonly SupportPassage[],
  options: SourceCutOptions = defaultSourceCut,
): number[] {
  const cited = new Set([...reply.matchAll(/\[S(\d+)\]/g)].map((match) => Number(match[1]) - 1));
  const indexes = passages.map((_, index) => index);
  const citedIndexes = indexes.filter((index) => cited.has(index));
  if (citedIndexes.length > 0) return citedIndexes;
  const quoting = indexes.filter((index) => quotedShare(reply, passages[index]!) >= options.quoteShare);
  if (quoting.length > 0) return quoting;
  const best = Math.max(...passages.map((passage) => passage.score));
  return indexes.filter((index) => passages[index]!.score >= best * options.relativeScore);
}

/**
 * Weighted share (0..1) of the question's terms that the reply covers, counting the title and
 * heading path of the passage it rests on: how much of the question the given reply addresses.
 */
export function replySupport(
  question: QuestionTerms,
  reply: string,
  source: SupportPassage | undefined,
): number {
  if (question.total === 0) return 0;
  const context = source ? `${source.title}\n${(source.headingPath ?? []).join('\n')}` : '';
  const present = new Set(analyse(`${reply}\n${context}`));
  let found = 0;
  for (const [term, weight] of question.terms) if (present.has(term)) found += weight;
  return found / question.total;
}

/** What kind of answer a question asks for, from its opening words (English). */
const answerTypes: Array<{ question: RegExp; answer: RegExp }> = [
  // When / what year / what century: a year, a date, a century or a period.
  {
    question:
      /^(when|(in |during )?(what|which) (year|years|decade|century|date|day|month|time|period|era))\b/i,
    answer:
      /\b(\d{2,4}s?|\d+(st|nd|rd|th)|january|february|march|april|may|june|july|august|september|october|november|december|century|centuries|decade|bc|ad)\b/i,
  },
  // How many / how much / how long / what percentage: a number or a quantity.
  {
    question:
      /^(how (many|much|long|far|old|large|big|high|tall|often)|(what|which) (percentage|percent|number|amount|proportion))\b/i,
    answer:
      /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|dozen|several|few|many)\b/i,
  },
];

/**
 * Whether the reply holds the kind of answer the question asks for — a year or date for "when",
 * a number for "how many" — beyond what the question itself says. True for questions of any other
 * kind (nothing to check).
 */
export function answersQuestionType(question: string, reply: string): boolean {
  const type = answerTypes.find((candidate) => candidate.question.test(question.trim()));
  if (!type) return true;
  const asked = new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const fresh = (reply.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !asked.has(word));
  return type.answer.test(fresh.join(' '));
}

/** Share (0..1) of the question's neighbouring term pairs that the reply keeps close, in order. */
export function termOrderShare(question: string, reply: string): number {
  const asked = analyse(question);
  const said = analyse(reply);
  if (asked.length < 2) return 0;
  let kept = 0;
  for (let index = 1; index < asked.length; index++) {
    const [first, second] = [asked[index - 1]!, asked[index]!];
    if (said.some((term, at) => term === first && said.slice(at + 1, at + 4).includes(second))) kept += 1;
  }
  return kept / (asked.length - 1);
}

const negation = /\b(not|never|no|without)\b|n't\b/i;

/** Evidence about a given reply that the reply confidence is computed from. */
export interface ReplyEvidence {
  /** `replySupport`: weighted share of the question's terms the reply covers. */
  support: number;
  /** 1 when the reply holds the kind of answer asked for (`answersQuestionType`), else 0. */
  answerType: number;
  /** `termOrderShare`: the question's phrasing kept in the reply. */
  order: number;
  /** 1 when exactly one of question and reply is negated, else 0. */
  negation: number;
}

/** The evidence about `reply` as an answer to `question`, resting on `source`. */
export function replyEvidence(
  question: string,
  terms: QuestionTerms,
  reply: string,
  source: SupportPassage | undefined,
): ReplyEvidence {
  return {
    support: replySupport(terms, reply, source),
    answerType: answersQuestionType(question, reply) ? 1 : 0,
    order: termOrderShare(question, reply),
    negation: negation.test(question) !== negation.test(reply) ? 1 : 0,
  };
}
