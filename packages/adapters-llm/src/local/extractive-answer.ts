import {
  analyse,
  type ContextPassage,
  dontKnow,
  looksLikeInstruction,
  type QuestionTerms,
  questionTerms,
  type TermWeight,
} from '@chatbuddy/core';
import { expectedAnswerKind, holdsAnswerKind } from './answer-kinds.js';
import { type ExcerptUnit, excerptUnits } from './excerpt-units.js';
import { plainInline } from './markdown-noise.js';
import { missingDistinctive, type DistinctiveTerms, distinctiveTerms } from './near-miss.js';

export interface ExtractiveOptions {
  /** Most consecutive sentences of one paragraph quoted together. */
  maxSentences: number;
  /** A unit must cover at least this weighted share of the question's terms to be quoted. */
  minSupport: number;
  /** A neighbouring sentence is added only when its support is at least this share of the best one. */
  followerRatio: number;
  /** Length budget of the quoted unit in characters (lists, tables and code are cut at a line). */
  maxChars: number;
  /**
   * Question terms weighing at least this much are distinctive (names, versions, rare words): a
   * passage whose text, heading path and title lack one of them is not answered from.
   */
  distinctiveWeight: number;
  /**
   * When the question asks for a price, a duration, a time or a number and the best unit holds
   * none, a unit that holds one is quoted instead if its rank is at most this much lower (ranks
   * run from 0 to 1). Whether to answer at all is decided by the best unit, as without it.
   */
  answerKindMargin: number;
  /** Weight of question terms (an idf); core's length-based weight when absent. */
  termWeight?: TermWeight;
}

export const defaultExtractiveOptions: ExtractiveOptions = {
  maxSentences: 2,
  minSupport: 0.2,
  followerRatio: 0.5,
  maxChars: 700,
  distinctiveWeight: 13,
  answerKindMargin: 0.1,
};

/** The quoted excerpt, or `I don't know.` (`passage` null). */
export interface ExtractedAnswer {
  text: string;
  /** Weighted share of the question's terms in the excerpt, its heading path and title (0..1). */
  support: number;
  /** Index of the passage quoted; null when abstaining. */
  passage: number | null;
}

interface ScoredUnit {
  unit: ExcerptUnit;
  units: readonly ExcerptUnit[];
  passage: number;
  /** Share of question terms in the unit itself. */
  own: number;
  /** Share in the unit, its heading path and its document title. */
  support: number;
  rank: number;
}

function share(terms: QuestionTerms, present: ReadonlySet<string>): number {
  let found = 0;
  for (const [term, weight] of terms.terms) if (present.has(term)) found += weight;
  return terms.total === 0 ? 0 : found / terms.total;
}

function headingsOf(passage: ContextPassage, unit: ExcerptUnit): readonly string[] {
  const path = passage.headingPath?.map(plainInline).filter(Boolean) ?? [];
  return path.length > 0 ? path : unit.headings;
}

/** Every quotable unit of the passages that are not near misses, scored by question support. */
function scoreUnits(
  terms: QuestionTerms,
  distinctive: DistinctiveTerms,
  passages: readonly ContextPassage[],
) {
  const scored: ScoredUnit[] = [];
  passages.forEach((passage, index) => {
    // Parsed documents keep heading texts as plain lines: a heading is a path, never an answer.
    const names = new Set([passage.title, ...(passage.headingPath ?? [])].map((name) => plainInline(name)));
    const body = passage.text
      .split('\n')
      .map((line) => (names.has(plainInline(line)) ? '' : line))
      .join('\n');
    const units = excerptUnits(body).filter((unit) => !looksLikeInstruction(unit.text));
    const heading = (unit: ExcerptUnit) => `${passage.title}\n${headingsOf(passage, unit).join('\n')}`;
    const around = [passage.title, ...(passage.headingPath ?? []), ...units.map((unit) => unit.text)];
    if (missingDistinctive(distinctive, around.join('\n')).length > 0) return;
    for (const unit of units) {
      const own = new Set(analyse(unit.text));
      const context = new Set([...own, ...analyse(heading(unit))]);
      const ownShare = share(terms, own);
      const support = share(terms, context);
      // Terms found only in the heading path or title count half; earlier passages win near-ties.
      const rank = (ownShare + support) / 2 - index * 0.01;
      scored.push({ unit, units, passage: index, own: ownShare, support, rank });
    }
  });
  return scored.sort((a, b) => b.rank - a.rank || a.passage - b.passage);
}

/** The best sentence with its neighbours in the same paragraph when they support the question too. */
function withNeighbours(best: ScoredUnit, terms: QuestionTerms, options: ExtractiveOptions): string[] {
  const { unit, units } = best;
  if (unit.kind !== 'sentence') return [cutToBudget(unit, options.maxChars)];
  const chosen = [unit];
  const neighbours = units.filter(
    (other) => other.block === unit.block && Math.abs(other.position - unit.position) === 1,
  );
  const supportOf = (other: ExcerptUnit) => share(terms, new Set(analyse(other.text)));
  // A sentence opening with a reference ("It", "This", "They") needs the one before it.
  const refers = /^(it|this|these|that|those|they|he|she|its|their|his|her)\b/i.test(unit.text);
  for (const other of neighbours.sort((a, b) => supportOf(b) - supportOf(a))) {
    if (chosen.length >= options.maxSentences) break;
    const before = other.position < unit.position;
    const helps = supportOf(other) >= best.own * options.followerRatio || (refers && before);
    const length = chosen.reduce((sum, sentence) => sum + sentence.text.length + 1, other.text.length);
    if (helps && length <= options.maxChars) chosen.push(other);
  }
  return chosen.sort((a, b) => a.position - b.position).map((sentence) => sentence.text);
}

/** A list, table or code block cut at a line within the budget (a code fence is closed again). */
function cutToBudget(unit: ExcerptUnit, maxChars: number): string {
  if (unit.text.length <= maxChars) return unit.text;
  const lines = unit.text.split('\n');
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (kept.length > 0 && length + line.length + 1 > maxChars) break;
    kept.push(line);
    length += line.length + 1;
  }
  const closing =
    unit.kind === 'code'
      ? /^\s*(```|~~~)/.exec(lines.find((line) => /^\s*(```|~~~)/.test(line)) ?? '')
      : null;
  return [...kept, '…', ...(closing ? [closing[1]!] : [])].join('\n');
}

/**
 * Quotes the best-supported unit of the passages, kept whole (a sentence or consecutive
 * sentences, a list with its lead-in, a code block with its introduction) under its heading path;
 * `I don't know.` when no unit supports the question enough, or when every passage that could be
 * quoted lacks one of the question's distinctive terms (a near miss).
 */
export function extractAnswer(
  question: string,
  passages: readonly ContextPassage[],
  overrides: Partial<ExtractiveOptions> = {},
): ExtractedAnswer {
  const options = { ...defaultExtractiveOptions, ...overrides };
  const terms = questionTerms(question, options.termWeight);
  if (terms.total === 0) return { text: dontKnow, support: 0, passage: null };
  const distinctive = distinctiveTerms(question, terms, options.distinctiveWeight);
  const scored = scoreUnits(terms, distinctive, passages);
  const [best] = scored;
  if (!best || best.support < options.minSupport || best.own === 0) {
    return { text: dontKnow, support: best?.support ?? 0, passage: null };
  }
  const chosen = ofKindAsked(question, scored, best, options);
  const excerpt = withNeighbours(chosen, terms, options).join(' ');
  const path = headingsOf(passages[chosen.passage]!, chosen.unit);
  const text = path.length > 0 ? `${path.join(' › ')}\n${excerpt}` : excerpt;
  return { text, support: chosen.support, passage: chosen.passage };
}

/**
 * `best`, or the highest-ranked unit within `answerKindMargin` of it that holds the kind of
 * answer the question asks for when `best` does not (and that could be quoted on its own).
 */
function ofKindAsked(
  question: string,
  scored: readonly ScoredUnit[],
  best: ScoredUnit,
  options: ExtractiveOptions,
): ScoredUnit {
  const kind = expectedAnswerKind(question);
  if (!kind || holdsAnswerKind(best.unit.text, kind)) return best;
  for (const candidate of scored) {
    if (candidate.rank < best.rank - options.answerKindMargin) break;
    // Only a unit that covers the question in itself as well as the best one does.
    if (candidate.support < options.minSupport || candidate.own < best.own) continue;
    if (holdsAnswerKind(candidate.unit.text, kind)) return candidate;
  }
  return best;
}
