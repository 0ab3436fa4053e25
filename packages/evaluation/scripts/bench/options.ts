/** Command-line options of `pnpm bench` (see docs/benchmarks.md for what each phase measures). */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Ingestion corpus sizes in MB. */
  sizes: number[];
  /** Storage modes for ingestion: `embedded` (PGlite + pgvector), `server` (PostgreSQL + Chroma). */
  modes: Array<'embedded' | 'server'>;
  /** Chat corpus sizes in chunks. */
  chunks: number[];
  runs: number;
  seconds: number;
  connections: number;
  /** Wall-clock cap of one ingestion case and of growing the chat corpus, in seconds. */
  ingestDeadline: number;
  corpusDeadline: number;
  dbUrl: string;
  chromaPort: number;
  /** An existing Chroma server for server mode (collections are named by project); none: start one. */
  chromaUrl: string | null;
  /** Server mode: measure Chroma's own bound for each corpus size on the same server (chroma-bound.ts). */
  chromaBound: boolean;
  /** Uploads in flight at once (1: one upload at a time, the targets' case). */
  uploadConcurrency: number;
  /**
   * Uploads send `Prefer: respond-async` (answered once stored) and the time runs until every
   * document is `ready`.
   */
  respondAsync: boolean;
  /** Corpus of the ingestion stage profile in MB (0: no profile). */
  profileMegabytes: number;
  logLevel: string;
  /** Settings (the configuration schema's camelCase names) added to every server started. */
  serverConfig: Record<string, unknown>;
  phases: Array<'ingest' | 'chat' | 'bare'>;
  output: string | null;
  json: boolean;
  quick: boolean;
  /** Render the report from a saved JSON result instead of measuring. */
  fromJson: string | null;
}

const usage = `pnpm bench [-- options]
  --quick               1 MB ingestion, chat at 1000 and 10000 chunks, 3 runs of 8 s, shorter caps
  --sizes 1,10,50       ingestion corpus sizes in MB
  --modes embedded,server   storage modes for ingestion (server needs PostgreSQL and starts Chroma)
  --chunks 1000,10000,100000  chat corpus sizes in chunks (embedded default)
  --runs 3 --seconds 10 --connections 10   load runs (median reported), length, concurrency
  --ingest-deadline 900 --corpus-deadline 2400   caps in seconds (a capped case reports its partial rate)
  --db-url URL          PostgreSQL server (default DB_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --chroma-port 8010    port of the throw-away Chroma server
  --chroma-url URL      use this running Chroma server in server mode instead of starting one
                        (the bench's projects are deleted from it afterwards)
  --no-chroma-bound     server mode: skip Chroma's own bound (the same corpus upserted straight
                        into the same server, one request per document, before each size)
  --upload-concurrency 1   uploads in flight at once
  --respond-async       uploads send Prefer: respond-async; the time runs until every document is ready
  --profile-mb 1        corpus of the ingestion stage profile in MB, per storage (0 for none)
  --phases ingest,chat,bare   which phases to run
  --log-level warn      server log level
  --config JSON         settings added to every server started, e.g. '{"databaseThread":"main"}'
  --output FILE         Markdown report (default docs/benchmarks.md; "-" for none)
  --json                also print the results as JSON on stdout (use pnpm -s to keep stdout clean);
                        a copy is always written to os.tmpdir()/chatbuddy-bench-<time>.json
  --from-json FILE      only render the Markdown report again from such a saved result`;

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Parses `argv`; exits with the usage text on --help or a bad value. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((argument) => argument !== '--'),
    allowNegative: true,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      modes: { type: 'string', default: 'embedded,server' },
      chunks: { type: 'string' },
      runs: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string', default: '10' },
      'ingest-deadline': { type: 'string' },
      'corpus-deadline': { type: 'string' },
      'db-url': {
        type: 'string',
        default: process.env.DB_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
      'chroma-port': { type: 'string', default: '8010' },
      'chroma-url': { type: 'string' },
      'chroma-bound': { type: 'boolean', default: true },
      'profile-mb': { type: 'string' },
      'upload-concurrency': { type: 'string', default: '1' },
      'respond-async': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'warn' },
      config: { type: 'string', default: '{}' },
      phases: { type: 'string', default: 'ingest,chat,bare' },
      output: { type: 'string', default: 'docs/benchmarks.md' },
      json: { type: 'boolean', default: false },
      'from-json': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick;
  const numbers = (value: string, name: string) =>
    list(value).map((item) => {
      const number = Number(item);
      if (!Number.isFinite(number) || number <= 0) {
        console.error(`bench: --${name} needs positive numbers\n\n${usage}`);
        process.exit(2);
      }
      return number;
    });
  const one = (value: string | undefined, fallback: number, name: string) =>
    value === undefined ? fallback : numbers(value, name)[0]!;
  const modes = list(values.modes);
  const phases = list(values.phases);
  if (modes.some((mode) => mode !== 'embedded' && mode !== 'server')) {
    console.error(`bench: --modes takes embedded and/or server\n\n${usage}`);
    process.exit(2);
  }
  if (phases.some((phase) => !['ingest', 'chat', 'bare'].includes(phase))) {
    console.error(`bench: --phases takes ingest, chat and/or bare\n\n${usage}`);
    process.exit(2);
  }
  let serverConfig: Record<string, unknown>;
  try {
    serverConfig = JSON.parse(values.config) as Record<string, unknown>;
    if (typeof serverConfig !== 'object' || serverConfig === null || Array.isArray(serverConfig))
      throw new Error('not an object');
  } catch {
    console.error(`bench: --config takes a JSON object\n\n${usage}`);
    process.exit(2);
  }
  return {
    quick,
    sizes: numbers(values.sizes ?? (quick ? '1' : '1,10,50'), 'sizes'),
    modes: modes as BenchOptions['modes'],
    chunks: numbers(values.chunks ?? (quick ? '1000,10000' : '1000,10000,100000'), 'chunks'),
    runs: one(values.runs, 3, 'runs'),
    seconds: one(values.seconds, quick ? 8 : 10, 'seconds'),
    connections: one(values.connections, 10, 'connections'),
    ingestDeadline: one(values['ingest-deadline'], quick ? 240 : 900, 'ingest-deadline'),
    corpusDeadline: one(values['corpus-deadline'], quick ? 900 : 2400, 'corpus-deadline'),
    dbUrl: values['db-url'],
    chromaPort: one(values['chroma-port'], 8010, 'chroma-port'),
    chromaUrl: values['chroma-url'] ?? null,
    chromaBound: values['chroma-bound'],
    uploadConcurrency: one(values['upload-concurrency'], 1, 'upload-concurrency'),
    respondAsync: values['respond-async'],
    profileMegabytes: values['profile-mb'] === '0' ? 0 : one(values['profile-mb'], 1, 'profile-mb'),
    logLevel: values['log-level'],
    serverConfig,
    phases: phases as BenchOptions['phases'],
    output: values.output === '-' ? null : values.output,
    json: values.json,
    fromJson: values['from-json'] ?? null,
  };
}
