/** The benchmark's HTTP client for setup and uploads (the same API an integrator calls). */
import type { CorpusDocument } from './corpus.js';
import { benchUser } from './protocol.js';

export interface BenchProject {
  id: string;
  apiKey: string;
}

async function call(url: string, init: RequestInit & { json?: unknown; timeoutMs?: number } = {}) {
  const { json, timeoutMs = 300_000, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const body = text.startsWith('{') ? JSON.parse(text) : text;
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return body;
}

/** Logs in as the benchmark user and creates a project with the local provider and no token limit. */
export async function createBenchProject(baseUrl: string, name: string): Promise<BenchProject> {
  const login = await call(`${baseUrl}/auth/login`, { method: 'POST', json: benchUser });
  const created = await call(`${baseUrl}/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${login.accessToken}` },
    json: { name, modelProvider: 'local', tokenLimit: null },
  });
  return { id: created.project.id, apiKey: created.apiKey };
}

export interface UploadTotals {
  documents: number;
  chunks: number;
  bytes: number;
  seconds: number;
}

/**
 * Uploads documents through `POST /upload-doc` with `concurrency` requests in flight until the
 * documents run out, `stop()` says so, or `deadline` (epoch ms) passes.
 */
export async function uploadDocuments(
  baseUrl: string,
  project: BenchProject,
  documents: Iterator<CorpusDocument>,
  options: { concurrency: number; deadline: number; stop?: (totals: UploadTotals) => boolean },
): Promise<UploadTotals & { complete: boolean }> {
  const totals: UploadTotals = { documents: 0, chunks: 0, bytes: 0, seconds: 0 };
  const started = performance.now();
  let complete = true;
  const worker = async () => {
    for (;;) {
      if (options.stop?.(totals)) return;
      if (Date.now() > options.deadline) {
        complete = false;
        return;
      }
      const next = documents.next();
      if (next.done) return;
      const { document } = await call(`${baseUrl}/upload-doc`, {
        method: 'POST',
        headers: { 'x-api-key': project.apiKey },
        json: { title: next.value.title, content: next.value.content },
      });
      if (document.status !== 'ready') throw new Error(`document ${document.id} is ${document.status}`);
      totals.documents++;
      totals.chunks += document.chunkCount;
      totals.bytes += next.value.bytes;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  totals.seconds = (performance.now() - started) / 1000;
  return { ...totals, complete };
}

/** One chat turn (used to record the answered/abstained split and a real response body). */
export async function chatOnce(baseUrl: string, project: BenchProject, message: string) {
  return call(`${baseUrl}/chat`, {
    method: 'POST',
    headers: { 'x-api-key': project.apiKey },
    json: { message },
    timeoutMs: 60_000,
  }) as Promise<{ answered: boolean; reply: string }>;
}
