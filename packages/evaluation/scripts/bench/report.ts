/** The Markdown report of `pnpm bench` (docs/benchmarks.md). */
import type { LoadRun } from './chat-load.js';
import type { ChatResults } from './chat-phase.js';
import type { IngestionProfileResult, IngestionResult } from './ingestion.js';
import type { BenchOptions } from './options.js';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  commit: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string };
  loadAverageAtStart: number[];
  options: BenchOptions;
  ingestion: IngestionResult[];
  /** Absent in results saved before the stage profile existed. */
  ingestionProfiles?: IngestionProfileResult[];
  chat: ChatResults | null;
  bare: { latency: LoadRun; throughput: LoadRun; bodyBytes: number; loadAverage: number } | null;
  notes: string[];
}

const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

function ingestionTable(rows: IngestionResult[]): string[] {
  const lines = [
    '| storage | corpus | documents | chunks | time (s) | docs/s | chunks/s | MB/s | server RSS (MiB) | load avg |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const how = [
      row.respondAsync ? 'respond-async' : '',
      (row.uploadConcurrency ?? 1) > 1 ? `${row.uploadConcurrency} at once` : '',
    ].filter(Boolean);
    const storage = `${row.mode === 'embedded' ? 'PGlite + pgvector' : 'PostgreSQL + Chroma'}${how.length ? ` (${how.join(', ')})` : ''}`;
    const corpus = `${fixed(row.megabytes, 2)} MB${row.complete ? '' : ` of ${row.targetMegabytes} MB (capped)`}`;
    lines.push(
      `| ${storage} | ${corpus} | ${row.documents} | ${row.chunks} | ${fixed(row.seconds)} | ${fixed(row.documentsPerSecond, 2)} | ${fixed(row.chunksPerSecond)} | ${fixed(row.megabytesPerSecond, 3)} | ${fixed(row.serverRssMebibytes, 0)} | ${fixed(row.loadAverage)} |`,
    );
  }
  const bounded = rows.filter((row) => row.chromaBound);
  if (bounded.length === 0) return lines;
  lines.push(
    '',
    "Chroma's own bound: the same corpus upserted straight into the same Chroma server, one request per document, just before the uploads (`chroma-bound.ts`); the target is uploads at ≥ 80 % of it.",
    '',
    'Uploads are answered once their vectors are in the database (searchable from then on); with `CHROMA_WRITE_BEHIND` (the default) a writer sends them to Chroma in the background, and the last column times the uploads until the last of them is in Chroma.',
    '',
    "| corpus | Chroma's bound (s) | ms per request | bound MB/s | uploads MB/s | share of the bound | all in Chroma (s) | share, all in Chroma |",
    '|---|---|---|---|---|---|---|---|',
  );
  for (const row of bounded) {
    const bound = row.chromaBound!;
    const share = row.megabytesPerSecond / bound.megabytesPerSecond;
    const inChroma = row.vectorsInChromaSeconds ?? row.seconds;
    const shareInChroma = row.megabytes / inChroma / bound.megabytesPerSecond;
    lines.push(
      `| ${fixed(row.megabytes, 2)} MB | ${fixed(bound.seconds)} | ${fixed(bound.millisecondsPerRequest)} | ${fixed(bound.megabytesPerSecond, 3)} | ${fixed(row.megabytesPerSecond, 3)} | ${fixed(share * 100, 0)} % (${mark(share >= 0.8)}) | ${fixed(inChroma)} | ${fixed(shareInChroma * 100, 0)} % |`,
    );
  }
  return lines;
}

const profileStages = [
  ['parse', 'parse'],
  ['chunk', 'chunk'],
  ['tokenCounting', 'of which token counting'],
  ['embed', 'embed'],
  ['vectors', 'vectors'],
  ['postings', 'postings'],
  ['chunkRows', 'chunk rows'],
  ['commit', 'commit (swap transaction rest)'],
  ['overlapped', 'of the above, hidden behind vectors (0020)'],
  ['other', 'other'],
] as const;

function ingestionProfileTable(rows: IngestionProfileResult[]): string[] {
  const storage = (mode: string) => (mode === 'embedded' ? 'PGlite + pgvector' : 'PostgreSQL + Chroma');
  const lines = [
    `| stage (ms per chunk) | ${rows.map((row) => storage(row.mode)).join(' | ')} |`,
    `|---|${rows.map(() => '---:|').join('')}`,
  ];
  for (const [key, label] of profileStages) {
    const cells = rows.map((row) => {
      const milliseconds = row.profile.stages[key];
      const total = row.profile.seconds * 1000;
      return `${fixed(milliseconds / row.profile.chunks, 2)} (${fixed((100 * milliseconds) / total, 0)} %)`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  const totals = rows.map((row) => {
    const { profile } = row;
    return `${fixed((profile.seconds * 1000) / profile.chunks, 2)} — ${fixed(profile.megabytes / profile.seconds, 3)} MB/s, ${profile.chunks} chunks, load ${fixed(row.loadAverage)}`;
  });
  lines.push(`| **whole upload** | ${totals.join(' | ')} |`);
  return lines;
}

function chatTables(chat: ChatResults, connections: number): string[] {
  const lines = [
    `| chunks | answered / abstained | p50 (ms) | p95 (ms) | p99 (ms) | req/s at 1 conn | req/s at ${connections} conn | p99 at ${connections} conn (ms) | error rate | server RSS (MiB) | load avg |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const size of chat.sizes) {
    // No completed request in the window means the queue outlasted the run, not that requests failed.
    const loaded =
      size.throughput.requests > 0
        ? `${fixed(size.throughput.requestsPerSecond)} | ${fixed(size.throughput.p99)} | ${fixed(size.throughput.errorRate * 100, 2)} %`
        : `none completed in ${fixed(size.throughput.seconds, 0)} s | – | –`;
    lines.push(
      `| ${size.chunks}${size.reached ? '' : ` (target ${size.targetChunks})`} | ${size.answered} / ${size.abstained} | ${fixed(size.latency.p50)} | ${fixed(size.latency.p95)} | ${fixed(size.latency.p99)} | ${fixed(size.latency.requestsPerSecond)} | ${loaded} | ${fixed(size.serverRssMebibytes, 0)} | ${fixed(size.loadAverage)} |`,
    );
  }
  lines.push(
    '',
    'Where the time of one request goes (median ms per stage, timed inside the server process on its own adapters):',
    '',
    '| chunks | embedding | vector query | lexical query | chunk rows (with titles since findPassages) | separate titles (earlier runs) | whole retrieval | AskQuestion (no HTTP) | corpus growth (chunks/s) | search data into memory (s) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const size of chat.sizes) {
    const profile = size.profile;
    const grown = size.chunks - (chat.sizes[chat.sizes.indexOf(size) - 1]?.chunks ?? 0);
    lines.push(
      `| ${size.chunks} | ${fixed(profile?.embedding, 2)} | ${fixed(profile?.vectorQuery)} | ${fixed(profile?.lexicalQuery)} | ${fixed(profile?.chunkFetch)} | ${fixed(profile?.documentTitles)} | ${fixed(profile?.retrieve)} | ${fixed(profile?.askQuestion)} | ${fixed(grown / size.growSeconds)} | ${fixed(size.mirrorLoadSeconds ?? undefined)} |`,
    );
  }
  return lines;
}

function targets(results: BenchResults): string[] {
  const sizes = results.chat?.sizes ?? [];
  const at = (chunks: number) => sizes.find((size) => size.targetChunks === chunks && size.reached);
  const lines: string[] = [];
  const tenThousand = at(10_000);
  if (tenThousand) {
    lines.push(
      `- p50 at 10k chunks ≤ 15 ms: ${fixed(tenThousand.latency.p50)} ms — ${mark(tenThousand.latency.p50 <= 15)}`,
      `- p99 at 10k chunks ≤ 60 ms: ${fixed(tenThousand.latency.p99)} ms — ${mark(tenThousand.latency.p99 <= 60)}`,
    );
  } else lines.push('- p50/p99 at 10k chunks: not measured in this run');
  const small = at(1_000);
  const large = at(100_000);
  if (small && large) {
    const ratio = large.latency.p50 / small.latency.p50;
    lines.push(`- p50 at 100k ≤ 3 × p50 at 1k: ratio ${fixed(ratio, 2)} — ${mark(ratio <= 3)}`);
  } else if (small && sizes.length > 1) {
    const last = sizes[sizes.length - 1]!;
    lines.push(
      `- p50 at 100k ≤ 3 × p50 at 1k: not measured (100k chunks not reached); p50 at ${last.chunks} chunks is ${fixed(last.latency.p50 / small.latency.p50, 2)} × p50 at 1k`,
    );
  }
  return lines;
}

/** Renders the whole report. */
export function renderReport(results: BenchResults): string {
  const { machine, options } = results;
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`${results.command}\` on ${results.finishedAt} (commit ${results.commit}). Figures are medians of ${options.runs} runs of ${options.seconds} s after a warm-up; latency is per request as seen by the load generator (autocannon, in the benchmark process; the server is a separate child process).`,
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${fixed(machine.memoryGiB)} GiB; ${machine.os}; Node ${machine.node}`,
    `- Load average (1, 5, 15 min) at start: ${results.loadAverageAtStart.map((value) => fixed(value, 2)).join(', ')} — the machine was shared with other work; each table gives the 1-minute load average when its row was measured.`,
    '',
  ];
  if (results.ingestion.length > 0) {
    lines.push(
      '## Ingestion (`POST /upload-doc`, one upload at a time)',
      '',
      ...ingestionTable(results.ingestion),
      '',
    );
  }
  if (results.ingestionProfiles && results.ingestionProfiles.length > 0) {
    lines.push(
      '### Where the time of an upload goes',
      '',
      "The upload pipeline (core's `DocumentIntake` and `DocumentIndexer`) on the server's own adapters, each stage timed in the server process; BM25 postings are timed by the PostgreSQL adapter (`postingWritesChannel`). Milliseconds per chunk, share of the whole:",
      '',
      ...ingestionProfileTable(results.ingestionProfiles),
      '',
    );
  }
  if (results.chat) {
    lines.push(
      `## \`/chat\` on the embedded default, \`local\` provider (${results.chat.questions} questions cycled)`,
      '',
      ...chatTables(results.chat, options.connections),
      '',
      '### Targets',
      '',
      ...targets(results),
      '',
    );
  }
  if (results.bare) {
    const sizes = results.chat?.sizes ?? [];
    const product = sizes.find((size) => size.targetChunks === 10_000 && size.reached) ?? sizes.at(-1);
    lines.push(
      `## Ceiling: bare Koa answering a canned ${results.bare.bodyBytes}-byte JSON`,
      '',
      '| server | p50 (ms) | p99 (ms) | req/s at 1 conn | req/s at ' +
        options.connections +
        ' conn | error rate |',
      '|---|---|---|---|---|---|',
      `| bare Koa (load avg ${fixed(results.bare.loadAverage)}) | ${fixed(results.bare.latency.p50, 2)} | ${fixed(results.bare.latency.p99, 2)} | ${fixed(results.bare.latency.requestsPerSecond)} | ${fixed(results.bare.throughput.requestsPerSecond)} | ${fixed(results.bare.throughput.errorRate * 100, 2)} % |`,
    );
    if (product) {
      lines.push(
        `| Chat Buddy at ${product.chunks} chunks | ${fixed(product.latency.p50, 2)} | ${fixed(product.latency.p99, 2)} | ${fixed(product.latency.requestsPerSecond)} | ${fixed(product.throughput.requestsPerSecond)} | ${fixed(product.throughput.errorRate * 100, 2)} % |`,
        '',
        `Overhead of the product over the ceiling: p50 × ${fixed(product.latency.p50 / results.bare.latency.p50)}, throughput at ${options.connections} connections ÷ ${fixed(results.bare.throughput.requestsPerSecond / product.throughput.requestsPerSecond)}.`,
      );
    }
    lines.push('');
  }
  if (results.notes.length > 0) lines.push('## Notes', '', ...results.notes.map((note) => `- ${note}`), '');
  return `${lines.join('\n')}\n`;
}
