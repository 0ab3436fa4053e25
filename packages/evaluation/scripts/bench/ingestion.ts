/**
 * Ingestion throughput: each corpus size uploaded through `POST /upload-doc` into a fresh project
 * of a server child, on the embedded default or on PostgreSQL + Chroma (fresh database and a
 * throw-away Chroma server, both removed afterwards; on a given Chroma server, the projects are
 * deleted afterwards). In server mode, Chroma's own bound for the same corpus, one request per
 * document, is measured on the same server just before each size is uploaded.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, residentMebibytes, runCommand, startNodeChild } from './children.js';
import { corpusDocuments } from './corpus.js';
import { createBenchProject, deleteBenchProject, uploadDocuments } from './http.js';
import { type ChromaBound, boundCorpus, chromaClient, measureChromaBound } from './chroma-bound.js';
import type { IngestProfile } from './ingest-profile.js';
import type { BenchOptions } from './options.js';

export interface IngestionResult {
  mode: 'embedded' | 'server';
  targetMegabytes: number;
  documents: number;
  chunks: number;
  megabytes: number;
  seconds: number;
  documentsPerSecond: number;
  chunksPerSecond: number;
  megabytesPerSecond: number;
  /** Uploads in flight at once. */
  uploadConcurrency?: number;
  /** Uploads answered once stored (`Prefer: respond-async`), timed until every document is ready. */
  respondAsync?: boolean;
  /** False when the deadline stopped the case before the whole corpus was uploaded. */
  complete: boolean;
  serverRssMebibytes: number | null;
  loadAverage: number;
  /**
   * Server mode: the same corpus upserted straight into the same Chroma server, one request per
   * document, just before the uploads (absent when not measured).
   */
  chromaBound?: ChromaBound;
  /**
   * Server mode: seconds from the first upload until the last vector left the database's outbox
   * for Chroma (`CHROMA_WRITE_BEHIND`); equal to `seconds` when uploads wrote to Chroma themselves.
   */
  vectorsInChromaSeconds?: number;
}

/** The stage profile of one storage mode (see ingest-profile.ts). */
export interface IngestionProfileResult {
  mode: 'embedded' | 'server';
  profile: IngestProfile;
  loadAverage: number;
}

const megabyte = 1024 * 1024;

/** A fresh database on the PostgreSQL server and a Chroma server; cleanups registered. */
function serverModeConfig(options: BenchOptions, log: (line: string) => void) {
  const name = `chatbuddy_bench_${randomBytes(4).toString('hex')}`;
  runCommand('psql', [options.dbUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `create database ${name}`]);
  onCleanup(() => {
    runCommand('psql', [options.dbUrl, '-qc', `drop database if exists ${name} with (force)`]);
  });
  const databaseUrl = new URL(options.dbUrl);
  databaseUrl.pathname = `/${name}`;
  if (options.chromaUrl)
    return { dbUrl: databaseUrl.toString(), chromaUrl: options.chromaUrl, autoMigrate: true };
  const chromaData = mkdtempSync(join(tmpdir(), 'chatbuddy-bench-chroma-'));
  const port = String(options.chromaPort);
  onCleanup(() => {
    runCommand('bash', ['scripts/chroma-server.sh', 'stop', '--port', port]);
    rmSync(chromaData, { recursive: true, force: true });
  });
  log(runCommand('bash', ['scripts/chroma-server.sh', 'start', '--port', port, '--data', chromaData]).trim());
  return { dbUrl: databaseUrl.toString(), chromaUrl: `http://127.0.0.1:${port}`, autoMigrate: true };
}

/**
 * Runs every size of `options.sizes` on `mode`, each in its own project, then the stage profile
 * (`options.profileMegabytes`) in another project of the same server.
 */
export async function benchIngestion(
  mode: 'embedded' | 'server',
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ results: IngestionResult[]; profile: IngestionProfileResult | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatbuddy-bench-'));
  const removeData = onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const serverMode = mode === 'server' ? serverModeConfig(options, log) : null;
  const config = { ...serverMode, dataDir };
  // Opening and migrating the database takes minutes on a loaded machine.
  const server = await startNodeChild(
    'server-process.ts',
    {
      BENCH_SERVER_CONFIG: JSON.stringify({ ...options.serverConfig, ...config, logLevel: options.logLevel }),
    },
    600_000,
  );
  const results: IngestionResult[] = [];
  let profile: IngestionProfileResult | null = null;
  try {
    for (const size of options.sizes) {
      const chromaBound =
        serverMode && options.chromaBound
          ? await boundBeside(serverMode.chromaUrl, size * megabyte, log)
          : undefined;
      const project = await createBenchProject(server.url, `ingest ${mode} ${size} MB`);
      const loadAverage = loadavg()[0]!;
      log(`ingest ${mode} ${size} MB (load ${loadAverage.toFixed(1)})`);
      const started = performance.now();
      const totals = await uploadDocuments(server.url, project, corpusDocuments(size * megabyte), {
        concurrency: options.uploadConcurrency,
        respondAsync: options.respondAsync,
        deadline: Date.now() + options.ingestDeadline * 1000,
      });
      const vectorsInChromaSeconds = serverMode
        ? await outboxEmptied(serverMode.dbUrl, started, totals.seconds)
        : undefined;
      const megabytes = totals.bytes / megabyte;
      const result: IngestionResult = {
        mode,
        targetMegabytes: size,
        documents: totals.documents,
        chunks: totals.chunks,
        megabytes,
        seconds: totals.seconds,
        documentsPerSecond: totals.documents / totals.seconds,
        chunksPerSecond: totals.chunks / totals.seconds,
        megabytesPerSecond: megabytes / totals.seconds,
        uploadConcurrency: options.uploadConcurrency,
        respondAsync: options.respondAsync,
        complete: totals.complete,
        serverRssMebibytes: residentMebibytes(server.pid),
        loadAverage,
        ...(chromaBound && { chromaBound }),
        ...(vectorsInChromaSeconds !== undefined && { vectorsInChromaSeconds }),
      };
      log(
        `  ${result.documents} documents, ${result.chunks} chunks, ${megabytes.toFixed(2)} MB in ${totals.seconds.toFixed(1)} s` +
          `${result.complete ? '' : ' (stopped at the deadline)'}`,
      );
      results.push(result);
      // A Chroma server that outlives the bench keeps no collection of it.
      if (options.chromaUrl) await deleteBenchProject(server.url, project);
    }
    if (options.profileMegabytes > 0) {
      const project = await createBenchProject(server.url, `ingest profile ${mode}`);
      const loadAverage = loadavg()[0]!;
      log(`ingest stage profile ${mode} ${options.profileMegabytes} MB (load ${loadAverage.toFixed(1)})`);
      const reply = await server.request<{ profile?: IngestProfile; error?: string }>(
        { type: 'ingest-profile', projectId: project.id, megabytes: options.profileMegabytes },
        options.ingestDeadline * 1000,
      );
      if (!reply.profile) throw new Error(`ingest profile: ${reply.error ?? 'no result'}`);
      profile = { mode, profile: reply.profile, loadAverage };
      if (options.chromaUrl) await deleteBenchProject(server.url, project);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    removeData();
  }
  return { results, profile };
}

/**
 * Seconds from `started` until the database's vector outbox is empty (polled every 50 ms, for at
 * most two minutes), or `answered` when it was empty at once.
 */
async function outboxEmptied(dbUrl: string, started: number, answered: number): Promise<number> {
  const waiting = () =>
    Number(runCommand('psql', [dbUrl, '-Atqc', 'select count(*) from vector_outbox']).trim());
  if (waiting() === 0) return answered;
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (waiting() === 0) break;
  }
  return (performance.now() - started) / 1000;
}

/** Chroma's bound for the first `bytes` of the corpus on the server at `chromaUrl` (see chroma-bound.ts). */
async function boundBeside(chromaUrl: string, bytes: number, log: (line: string) => void) {
  const corpus = await boundCorpus(bytes / megabyte);
  const bound = await measureChromaBound(chromaClient(chromaUrl), corpus, 'document');
  log(
    `  Chroma's bound: ${bound.vectors} vectors in ${bound.requests} requests, ${bound.seconds.toFixed(1)} s, ${bound.megabytesPerSecond.toFixed(3)} MB/s`,
  );
  return bound;
}
