/**
 * `/chat` latency and throughput on the embedded default as the corpus grows (1k → 10k → 100k
 * chunks in one project of one server child), with the server's RSS and a per-stage profile at
 * each size; then the same request mix against a bare Koa app as the ceiling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadRun, measureLoad } from './chat-load.js';
import { onCleanup, residentMebibytes, startNodeChild } from './children.js';
import { benchQuestions, corpusDocuments } from './corpus.js';
import { chatOnce, createBenchProject, uploadDocuments } from './http.js';
import type { BenchOptions } from './options.js';
import type { StageProfile } from './stage-profile.js';

export interface ChatSizeResult {
  targetChunks: number;
  chunks: number;
  documents: number;
  /** Time to grow the corpus from the previous size (upload throughput as a by-product). */
  growSeconds: number;
  reached: boolean;
  answered: number;
  abstained: number;
  latency: LoadRun;
  throughput: LoadRun;
  serverRssMebibytes: number | null;
  profile: StageProfile | null;
  loadAverage: number;
  /** Seconds to load the project's search data into memory after growing the corpus. */
  mirrorLoadSeconds?: number | null;
}

export interface ChatResults {
  questions: number;
  sizes: ChatSizeResult[];
  /** A real answered response body, replayed by the bare Koa ceiling. */
  cannedBody: string;
}

/** Grows the corpus to each size of `options.chunks` and measures chat at each. */
export async function benchChat(options: BenchOptions, log: (line: string) => void): Promise<ChatResults> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatbuddy-bench-'));
  const removeData = onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startNodeChild('server-process.ts', {
    BENCH_SERVER_CONFIG: JSON.stringify({ ...options.serverConfig, dataDir, logLevel: options.logLevel }),
  });
  const questions = benchQuestions();
  const messages = questions.map((question) => question.text);
  const sizes: ChatSizeResult[] = [];
  let cannedBody = '{}';
  try {
    const project = await createBenchProject(server.url, 'chat benchmark');
    const documents = corpusDocuments(Number.POSITIVE_INFINITY);
    const corpusDeadline = Date.now() + options.corpusDeadline * 1000;
    let chunks = 0;
    let documentCount = 0;
    for (const target of options.chunks) {
      log(`chat: growing the corpus to ${target} chunks (now ${chunks})`);
      const grown = await uploadDocuments(server.url, project, documents, {
        concurrency: 1,
        deadline: corpusDeadline,
        stop: (totals) => chunks + totals.chunks >= target,
      });
      chunks += grown.chunks;
      documentCount += grown.documents;
      const reached = chunks >= target;
      log(`  ${chunks} chunks in ${documentCount} documents (+${grown.seconds.toFixed(0)} s)`);
      // Steady state: the search data in memory, as `chatbuddy serve` loads it at start and keeps it
      // current afterwards (a bulk upload between searches is read again in one load).
      const warm = await server
        .request<{ seconds?: number; chunks?: number; error?: string }>({ type: 'warm' }, 1_800_000)
        .catch((error: Error) => ({ error: error.message, seconds: undefined, chunks: undefined }));
      const mirrorLoadSeconds = warm.seconds ?? null;
      log(
        warm.error
          ? `  loading search data into memory failed: ${warm.error}`
          : `  search data in memory: ${warm.chunks} chunks in ${mirrorLoadSeconds?.toFixed(1)} s`,
      );
      let answered = 0;
      for (const message of messages) {
        const answer = await chatOnce(server.url, project, message);
        if (answer.answered) {
          answered++;
          const body = JSON.stringify(answer);
          if (body.length > cannedBody.length) cannedBody = body;
        }
      }
      const loadAverage = loadavg()[0]!;
      log(`  ${answered}/${messages.length} answered; load ${loadAverage.toFixed(1)}; measuring latency`);
      const load = { url: server.url, apiKey: project.apiKey, messages, seconds: options.seconds };
      const latency = await measureLoad({ ...load, connections: 1 }, options.runs);
      log(`  1 connection: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
      // With N connections a request waits behind N-1 others: the window must hold several rounds.
      const seconds = Math.min(
        60,
        Math.max(options.seconds, Math.ceil((latency.p50 / 1000) * options.connections * 4)),
      );
      const throughput = await measureLoad(
        { ...load, seconds, connections: options.connections },
        options.runs,
      );
      log(`  ${options.connections} connections: ${throughput.requestsPerSecond.toFixed(1)} req/s`);
      const serverRssMebibytes = residentMebibytes(server.pid);
      const profile = await server
        .request<{ profile?: StageProfile; error?: string }>(
          { type: 'profile', projectId: project.id, questions: messages.slice(0, 9), rounds: 2 },
          300_000,
        )
        .then((reply) => reply.profile ?? null)
        .catch(() => null);
      sizes.push({
        targetChunks: target,
        chunks,
        documents: documentCount,
        growSeconds: grown.seconds,
        reached,
        answered,
        abstained: messages.length - answered,
        latency,
        throughput,
        serverRssMebibytes,
        profile,
        loadAverage,
        mirrorLoadSeconds,
      });
      if (!reached) {
        log(`  corpus deadline reached at ${chunks} chunks; larger sizes skipped`);
        break;
      }
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    removeData();
  }
  return { questions: messages.length, sizes, cannedBody };
}

/** The same mix against a bare Koa app answering `cannedBody`. */
export async function benchBareKoa(
  options: BenchOptions,
  messages: readonly string[],
  cannedBody: string,
): Promise<{ latency: LoadRun; throughput: LoadRun; bodyBytes: number; loadAverage: number }> {
  const bare = await startNodeChild('bare-koa-process.ts', { BENCH_CANNED_BODY: cannedBody });
  try {
    const loadAverage = loadavg()[0]!;
    const load = { url: bare.url, messages, seconds: options.seconds };
    const latency = await measureLoad({ ...load, connections: 1 }, options.runs);
    const throughput = await measureLoad({ ...load, connections: options.connections }, options.runs);
    return { latency, throughput, bodyBytes: Buffer.byteLength(cannedBody), loadAverage };
  } finally {
    await bare.stop();
  }
}
