import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@chatbuddy/core';
import { evaluateBeir, evaluateSquad, loadBeir, loadSquad } from '@chatbuddy/evaluation';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';

interface EvalOptions {
  dataset: string;
  data: string;
  limit: string;
  split?: string;
  out?: string;
  json?: boolean;
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
      'Evaluate retrieval (BEIR: nDCG@10, Recall@10/100, MRR@10) or abstention and answers (SQuAD 2.0)',
    )
    .requiredOption('--dataset <kind>', 'beir | squad')
    .requiredOption('--data <path>', 'BEIR folder (corpus.jsonl, queries.jsonl, qrels/) or SQuAD JSON file')
    .option('--limit <n>', 'questions to ask, sampled evenly', '1000')
    .option('--split <name>', 'BEIR qrels split (file name without .tsv); all files by default')
    .option('--out <file>', 'also write the metrics as JSON to this file')
    .option('--json', 'machine-readable output')
    .action(async (options: EvalOptions) => {
      const limit = Number.parseInt(options.limit, 10);
      if (!['beir', 'squad'].includes(options.dataset))
        throw new DomainError('invalid_input', '--dataset must be beir or squad');
      if (!(limit > 0)) throw new DomainError('invalid_input', '--limit must be a positive number');
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-eval-'));
      const runtime = await openRuntime({ dataDir, logLevel: 'warn', rateLimitPerMinute: 0 });
      const progress = (message: string) => io.stderr(`${message}\n`);
      try {
        const metrics =
          options.dataset === 'beir'
            ? await evaluateBeir(runtime, await loadBeir(options.data, options.split), { limit, progress })
            : await evaluateSquad(runtime, loadSquad(options.data), { limit, progress });
        if (options.out) await writeFile(options.out, `${JSON.stringify(metrics, null, 2)}\n`);
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
