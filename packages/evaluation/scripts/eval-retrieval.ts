/**
 * Retrieval and answer evaluation of the offline `local` provider through the production
 * retrieval path. Usage:
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/eval-retrieval.ts \
 *     --dataset scifact|squad --data /path/to/dataset [--limit N] [--mode hybrid|lexical|vector]
 *     [--options '{"fusion":{"method":"normalised"}}'] [--store memory|pglite] [--term-weight english|length]
 *     [--embedder '{"termWeight":"length"}'] [--variants '[{..., "embedder": {...}}, ...]']
 *     [--snapshot /tmp/scifact.json] [--content title+text|text]
 * SciFact: `--snapshot` saves the ingested chunks and every query's lexical hits on the first run
 * and reuses them afterwards (embedder and fusion variants then take seconds, not an ingestion).
 */
import { parseArgs } from 'node:util';
import { englishTermWeight, LocalEmbedder, TiktokenCounter } from '@chatbuddy/adapters-llm';
import {
  type ConfidenceModel,
  defaultRetrieverOptions,
  localCalibration,
  Retriever,
  type RetrieverOptions,
} from '@chatbuddy/core';
import { inMemoryKnowledge, pgliteKnowledge } from './retrieval/knowledge-base.js';
import { evaluateSciFact } from './retrieval/scifact.js';
import { evaluateSquad } from './retrieval/squad.js';

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
  },
});
if (!values.dataset || !values.data) {
  console.error('Usage: eval-retrieval.ts --dataset scifact|squad --data <folder or file>');
  process.exit(2);
}

type Overrides = Partial<Omit<RetrieverOptions, 'fusion' | 'rerank' | 'calibrations'>> & {
  fusion?: Partial<RetrieverOptions['fusion']>;
  rerank?: Partial<RetrieverOptions['rerank']>;
  /** Confidence coefficients and threshold tried for every embedder, instead of the registry. */
  confidence?: Partial<ConfidenceModel>;
  answerThreshold?: number;
  mode?: string;
  /** Local embedder options of this variant (SciFact only). */
  embedder?: LocalEmbedderSettings;
};

/** Defaults with `overrides` merged in; `mode` lexical or vector gives the other list no weight. */
function retrieverOptions(overrides: Overrides): RetrieverOptions {
  const { mode: _mode, embedder: _embedder, confidence, answerThreshold, ...rest } = overrides;
  const tried = {
    ...localCalibration,
    model: { ...localCalibration.model, ...confidence },
    answerThreshold: answerThreshold ?? localCalibration.answerThreshold,
    calibrated: false,
  };
  const options: RetrieverOptions = {
    ...defaultRetrieverOptions,
    ...rest,
    fusion: { ...defaultRetrieverOptions.fusion, ...overrides.fusion },
    rerank: { ...defaultRetrieverOptions.rerank, ...overrides.rerank },
    ...((confidence || answerThreshold !== undefined) && { calibrations: { byModel: {}, fallback: tried } }),
  };
  if (values['term-weight'] === 'english') options.termWeight = englishTermWeight;
  const mode = overrides.mode ?? values.mode;
  if (mode === 'lexical') options.fusion = { ...options.fusion, method: 'normalised', vectorWeight: 0 };
  if (mode === 'vector') options.fusion = { ...options.fusion, method: 'normalised', vectorWeight: 1 };
  return options;
}
const options = retrieverOptions(JSON.parse(values.options) as Overrides);

const embedderOptions = JSON.parse(values.embedder) as LocalEmbedderSettings;
const embedder = new LocalEmbedder(embedderOptions);
const ports = values.store === 'pglite' ? await pgliteKnowledge() : inMemoryKnowledge();
const tokenCounter = new TiktokenCounter();
const limit = Number(values.limit);

const result =
  values.dataset === 'scifact'
    ? await evaluateSciFact({
        data: values.data,
        ports,
        variants: values.variants
          ? (JSON.parse(values.variants) as Overrides[]).map((variant) => ({
              name: JSON.stringify(variant),
              options: retrieverOptions(variant),
              embedder: variant.embedder
                ? new LocalEmbedder({ ...embedderOptions, ...variant.embedder })
                : embedder,
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
