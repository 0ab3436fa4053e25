/**
 * Memory, start-up and concurrency of the server (decision 0017): the PGlite floor (PGlite with
 * pgvector alone, PostgreSQL's default settings and Chat Buddy's), the server's RSS and heap just
 * started and, at each corpus size, after a restart and warm-up; the time from a restart until the
 * search data is in memory; and `/chat` at 1, 10 and 50 connections (req/s of all answers and of
 * the admitted ones, p99 of all and of the admitted (2xx) ones, and the 503 `overloaded` answers:
 * their count in a run and their share).
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/memory/bench-memory.ts \
 *     [--chunks 1000,10000] [--runs 3] [--seconds 8] [--connections 1,10,50] [--server --server-chunks 1000]
 *     [--config '{"maxConcurrentRequests":10,"maxQueueMs":100}'] [--compare '[{"maxLoopDelayMs":0}]']
 *
 * `--config` adds settings (the configuration schema's camelCase names) to every server started.
 * `--compare` lists more settings to measure `/chat` under, back to back on the same data: after
 * the load with `--config`, the server is restarted with each in turn (over `--config`) and the
 * load measured again (`loadCompared`).
 * Those servers run under `tsx` from the sources (~18 MiB of loader and compiled TypeScript); the
 * `built` figures are the built `./chatbuddy serve`, what users run, idle after a restart on an
 * empty database, once its search data is loaded (`--no-built` leaves them out).
 *
 * Every figure is the median of `--runs` (floor: of 2 × runs child processes, or `--floor-runs`;
 * 0 skips it). Prints JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureLoad } from '../bench/chat-load.js';
import { type NodeChild, onCleanup, repositoryRoot, runCommand, startNodeChild } from '../bench/children.js';
import { benchQuestions, corpusDocuments } from '../bench/corpus.js';
import { chatOnce, createBenchProject, uploadDocuments } from '../bench/http.js';
import { median } from '../bench/stats.js';
import { builtServeIdle } from './built-serve.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  allowNegative: true,
  options: {
    chunks: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '1,10,50' },
    server: { type: 'boolean', default: false },
    'server-chunks': { type: 'string', default: '1000' },
    config: { type: 'string', default: '{}' },
    compare: { type: 'string', default: '[]' },
    'floor-runs': { type: 'string' },
    built: { type: 'boolean', default: true },
    'db-url': {
      type: 'string',
      default: process.env.DB_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'chroma-url': { type: 'string', default: process.env.CHROMA_URL ?? 'http://127.0.0.1:8000' },
  },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const list = (text: string) =>
  text
    .split(',')
    .map(Number)
    .filter((value) => value > 0);
const log = (line: string) => process.stderr.write(`${line}\n`);
const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** PGlite alone: median RSS over child processes, with PostgreSQL's defaults and with ours. */
function floor(defaults: boolean) {
  const samples = Array.from({ length: Number(values['floor-runs'] ?? runs * 2) }, () => {
    const output = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        '--conditions=@chatbuddy/source',
        '--import',
        'tsx',
        'packages/evaluation/scripts/memory/pglite-floor.ts',
        ...(defaults ? ['--defaults'] : []),
      ],
      { cwd: repositoryRoot, encoding: 'utf8' },
    );
    return JSON.parse(output.trim().split('\n').at(-1)!) as {
      rssMiB: number;
      heapUsedMiB: number;
      settings: unknown;
    };
  });
  return {
    rssMiB: median(samples.map((sample) => sample.rssMiB)),
    samples: samples.map((sample) => sample.rssMiB),
    settings: samples[0]!.settings,
  };
}

async function memoryOf(server: NodeChild) {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const usage = await server.request<{ rss: number; heapUsed: number; external: number }>(
    { type: 'memory' },
    30_000,
  );
  return { rssMiB: mib(usage.rss), heapUsedMiB: mib(usage.heapUsed), externalMiB: mib(usage.external) };
}

/** Restarts the server on its data folder and times how long until its search data is in memory. */
async function restart(config: Record<string, unknown>) {
  const started = performance.now();
  const server = await startNodeChild('server-process.ts', { BENCH_SERVER_CONFIG: JSON.stringify(config) });
  const listening = (performance.now() - started) / 1000;
  const warm = await server.request<{ seconds?: number; chunks?: number }>({ type: 'warm' }, 1_800_000);
  return {
    server,
    listeningSeconds: listening,
    warmSeconds: warm.seconds ?? null,
    readySeconds: (performance.now() - started) / 1000,
  };
}

async function mode(name: 'embedded' | 'server', config: Record<string, unknown>, sizes: number[]) {
  const results: Record<string, unknown>[] = [];
  let server = await startNodeChild('server-process.ts', { BENCH_SERVER_CONFIG: JSON.stringify(config) });
  const stopServer = onCleanup(() => server.stop());
  try {
    await server.stop();
    ({ server } = await restart(config)); // "just started": a restarted server on its (empty) database
    results.push({ chunks: 0, ...(await memoryOf(server)), loadAverage: loadavg()[0] });
    log(`${name}: idle ${JSON.stringify(results.at(-1))}`);
    const project = await createBenchProject(server.url, `memory ${name}`);
    const documents = corpusDocuments(Number.POSITIVE_INFINITY);
    const messages = benchQuestions().map((question) => question.text);
    let chunks = 0;
    for (const target of sizes) {
      const grown = await uploadDocuments(server.url, project, documents, {
        concurrency: 1,
        deadline: Date.now() + 3_600_000,
        stop: (totals) => chunks + totals.chunks >= target,
      });
      chunks += grown.chunks;
      await server.request({ type: 'warm' }, 1_800_000); // the snapshot is written from a loaded mirror
      await server.stop();
      const restarted = await restart(config);
      server = restarted.server;
      for (const message of messages) await chatOnce(server.url, project, message);
      const memory = await memoryOf(server);
      const load = await loadAt(server, project.apiKey, messages);
      const afterLoad = await memoryOf(server);
      const loadCompared: Record<string, unknown>[] = [];
      for (const settings of compared) {
        await server.stop();
        server = (await restart({ ...config, ...settings })).server;
        for (const message of messages) await chatOnce(server.url, project, message);
        log(`${name}: ${chunks} chunks with ${JSON.stringify(settings)}`);
        loadCompared.push({ settings, load: await loadAt(server, project.apiKey, messages) });
      }
      if (compared.length > 0) {
        await server.stop();
        server = (await restart(config)).server;
      }
      results.push({
        chunks,
        ...memory,
        afterLoad,
        ...restarted,
        server: undefined,
        load,
        loadCompared,
        loadAverage: loadavg()[0],
      });
      log(
        `${name}: ${chunks} chunks ${JSON.stringify({ ...memory, ready: restarted.readySeconds, warm: restarted.warmSeconds })}`,
      );
    }
  } finally {
    await server.stop();
    stopServer();
  }
  return results;
}

/** `/chat` at each of `--connections`. */
async function loadAt(server: NodeChild, apiKey: string, messages: string[]) {
  const load: Record<string, unknown> = {};
  for (const connections of list(values.connections)) {
    const run = await measureLoad({ url: server.url, apiKey, messages, seconds, connections }, runs);
    const { runs: _runs, ...figures } = run;
    load[connections] = {
      ...figures,
      runsRequestsPerSecond: _runs.map((item) => Math.round(item.requestsPerSecond)),
      loadAverage: loadavg()[0],
    };
    log(
      `  ${connections} conn: ${run.requestsPerSecond.toFixed(1)} req/s (${run.admittedPerSecond.toFixed(1)} admitted), p99 ${run.p99.toFixed(1)} ms, admitted p99 ${run.admittedP99.toFixed(1)} ms, shed ${run.shed} (${(run.shedRate * 100).toFixed(1)} %, p50 ${run.shedP50.toFixed(1)} ms, p99 ${run.shedP99.toFixed(1)} ms); once every connection was answered: admitted p99 ${run.steadyAdmittedP99.toFixed(1)} ms, shed p99 ${run.steadyShedP99.toFixed(1)} ms, load ${(loadavg()[0] ?? 0).toFixed(1)}`,
    );
  }
  return load;
}

const extra = JSON.parse(values.config) as Record<string, unknown>;
const compared = JSON.parse(values.compare) as Record<string, unknown>[];
const output: Record<string, unknown> = {
  when: new Date().toISOString(),
  loadAverage: loadavg(),
  config: extra,
};
if (values['floor-runs'] !== '0') {
  output.floorDefaults = floor(true);
  output.floorTuned = floor(false);
  log(`floor: ${JSON.stringify(output.floorDefaults)} / ${JSON.stringify(output.floorTuned)}`);
}
const dataDir = mkdtempSync(join(tmpdir(), 'chatbuddy-memory-'));
const removeData = onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));

/** The built server's idle figures: the second of two starts (the first creates the database). */
async function builtIdle(environment: Record<string, string>) {
  const first = await builtServeIdle(environment);
  const restarted = await builtServeIdle(environment);
  log(`built serve: first start ${JSON.stringify(first)}, restarted ${JSON.stringify(restarted)}`);
  return { ...restarted, firstStart: first, loadAverage: loadavg()[0] };
}

try {
  if (values.built) output.builtEmbeddedIdle = await builtIdle({ DATA_DIR: join(dataDir, 'built-embedded') });
  output.embedded = await mode('embedded', { ...extra, dataDir, logLevel: 'warn' }, list(values.chunks));
  if (values.server) {
    const database = `bench_memory_${process.pid}`;
    runCommand('psql', [values['db-url'], '-v', 'ON_ERROR_STOP=1', '-qc', `create database ${database}`]);
    const dropDatabase = onCleanup(() => {
      runCommand('psql', [values['db-url'], '-qc', `drop database if exists ${database} with (force)`]);
    });
    try {
      const dbUrl = new URL(values['db-url']);
      dbUrl.pathname = `/${database}`;
      const config = {
        ...extra,
        dataDir: join(dataDir, 'server'),
        dbUrl: dbUrl.toString(),
        chromaUrl: values['chroma-url'],
        autoMigrate: true,
        logLevel: 'warn',
      };
      if (values.built) {
        // A database of its own, so that the runs below start from an empty one.
        const builtUrl = new URL(values['db-url']);
        builtUrl.pathname = `/${database}_built`;
        runCommand('psql', [
          values['db-url'],
          '-v',
          'ON_ERROR_STOP=1',
          '-qc',
          `create database ${database}_built`,
        ]);
        try {
          output.builtServerIdle = await builtIdle({
            DATA_DIR: join(dataDir, 'built-server'),
            DB_URL: builtUrl.toString(),
            CHROMA_URL: values['chroma-url'],
            AUTO_MIGRATE: 'true',
          });
        } finally {
          runCommand('psql', [
            values['db-url'],
            '-qc',
            `drop database if exists ${database}_built with (force)`,
          ]);
        }
      }
      output.server = await mode('server', config, list(values['server-chunks']));
    } finally {
      runCommand('psql', [values['db-url'], '-qc', `drop database if exists ${database} with (force)`]);
      dropDatabase();
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  removeData();
}
console.log(JSON.stringify(output, null, 2));
process.exit(0);
