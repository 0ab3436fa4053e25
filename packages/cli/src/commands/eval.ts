import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@chatbuddy/core';
import {
  docsDatasetFolder,
  docsSplits,
  evaluateBeir,
  evaluateDocs,
  evaluateSquad,
  faqDatasetFolder,
  loadBeir,
  loadDocs,
  loadSquad,
} from '@chatbuddy/evaluation';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { positiveIntegerOption } from './arguments.js';
import { assertWritable, writeFileAtomically } from './output-files.js';

interface EvalOptions {
  dataset: string;
  data?: string;
  limit: string;
  split?: string;
  out?: string;
  json?: boolean;
}

const datasets = ['beir', 'squad', 'docs', 'faq-i18n'] as const;

type Evaluation = (runtime: ChatBuddy, progress: (message: string) => void) => Promise<object>;

/**
 * Loads the dataset and returns the run over it. Loaded before any runtime is opened: a wrong
 * `--data` fails at once, with `invalid_input` saying why.
 */
async function prepare(
  dataset: string,
  options: { data?: string; split?: string; limit: number },
): Promise<Evaluation> {
  const { data, split, limit } = options;
  if (dataset === 'beir') {
    const loaded = await loadBeir(data!, split);
    return (runtime, progress) => evaluateBeir(runtime, loaded, { limit, progress });
  }
  if (dataset === 'squad') {
    const loaded = loadSquad(data!);
    return (runtime, progress) => evaluateSquad(runtime, loaded, { limit, progress });
  }
  const folder = data ?? (dataset === 'docs' ? docsDatasetFolder : faqDatasetFolder);
  const loaded = loadDocs(folder, split as 'tuning' | 'held-out' | 'all');
  return async (runtime, progress) => ({
    ...(await evaluateDocs(runtime, loaded, { limit, progress, split: split! })),
    dataset,
  });
}

/**
 * `chatbuddy eval`: loads a dataset into a fresh project through the upload use case and asks it
 * through the same retrieval and chat code as `/chat`, in a throw-away data folder unless DB_URL
 * or CHROMA_URL point elsewhere.
 */
export function registerEvalCommand(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('eval')
    .description(
      'Evaluate retrieval (BEIR: nDCG@10, Recall@10/100, MRR@10), abstention and answers (SQuAD 2.0), or answers on the documentation and German/Spanish FAQ benchmarks (docs, faq-i18n)',
    )
    .requiredOption('--dataset <kind>', datasets.join(' | '))
    .option(
      '--data <path>',
      'BEIR folder (corpus.jsonl, queries.jsonl, qrels/) or SQuAD JSON file; docs and faq-i18n default to the committed sets',
    )
    .option('--limit <n>', 'questions to ask, sampled evenly', '1000')
    .option(
      '--split <name>',
      'BEIR qrels split (file name without .tsv; all files by default), or for docs and faq-i18n: tuning | held-out | all (default all)',
    )
    .option('--out <file>', 'also write the metrics as JSON to this file')
    .option('--json', 'machine-readable output')
    .action(async (options: EvalOptions) => {
      const limit = positiveIntegerOption('--limit', options.limit) ?? 1000;
      if (!(datasets as readonly string[]).includes(options.dataset))
        throw new DomainError('invalid_input', `--dataset must be one of ${datasets.join(', ')}`);
      const packaged = options.dataset === 'docs' || options.dataset === 'faq-i18n';
      const split = options.split ?? (packaged ? 'all' : undefined);
      if (packaged && !(docsSplits as readonly string[]).includes(split!))
        throw new DomainError('invalid_input', `--split must be one of ${docsSplits.join(', ')}`);
      if (!packaged && !options.data)
        throw new DomainError('invalid_input', '--data is required for beir and squad');
      // Checked before the run, which can take many minutes: a typo must not throw its results away.
      if (options.out) await assertWritable(options.out);
      const evaluate = await prepare(options.dataset, { data: options.data, split, limit });
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-eval-'));
      const runtime = await openRuntime({ dataDir, logLevel: 'warn', rateLimitPerMinute: 0 });
      const progress = (message: string) => io.stderr(`${message}\n`);
      try {
        const metrics = await evaluate(runtime, progress);
        if (options.out) await writeFileAtomically(options.out, [`${JSON.stringify(metrics, null, 2)}\n`]);
        print(io, Boolean(options.json), metrics, () =>
          Object.entries(metrics)
            .map(([name, value]) =>
              // A curve (an array of rows) prints one row a line.
              Array.isArray(value)
                ? [name, ...value.map((row) => `  ${JSON.stringify(row)}`)].join('\n')
                : `${name.padEnd(30)} ${typeof value === 'object' ? JSON.stringify(value) : value}`,
            )
            .join('\n'),
        );
      } finally {
        await runtime.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
}
