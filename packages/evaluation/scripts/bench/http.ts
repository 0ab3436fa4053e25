/** The benchmark's HTTP client for setup and uploads (the same API an integrator calls). */
import { Agent, request } from 'node:http';
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

/**
 * One JSON `POST` through `node:http` on a kept-alive connection of `agent`. Uploads use it
 * rather than `fetch`: between one upload's answer and the next request, `fetch` cost the client
 * about 0.7 ms more per upload here, time in which the server has nothing to do and which
 * `fetch` would add to every figure of one upload at a time.
 */
function postJson(agent: Agent, url: string, headers: Record<string, string>, json: unknown): Promise<any> {
  return send(agent, 'POST', url, headers, JSON.stringify(json));
}

function getJson(agent: Agent, url: string, headers: Record<string, string>): Promise<any> {
  return send(agent, 'GET', url, headers, null);
}

function send(
  agent: Agent,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body: string | null,
): Promise<any> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(body !== null && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          }),
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(parts).toString();
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300)
            reject(new Error(`${method} ${url}: ${status} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text));
        });
      },
    );
    sent.setTimeout(300_000, () => sent.destroy(new Error(`${method} ${url}: no answer in 300 s`)));
    sent.on('error', reject);
    sent.end(body ?? undefined);
  });
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

/** Deletes a project made by `createBenchProject`, with its documents, chunks and vectors. */
export async function deleteBenchProject(baseUrl: string, project: BenchProject): Promise<void> {
  const login = await call(`${baseUrl}/auth/login`, { method: 'POST', json: benchUser });
  await call(`${baseUrl}/projects/${project.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${login.accessToken}` },
  });
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
  options: {
    concurrency: number;
    deadline: number;
    stop?: (totals: UploadTotals) => boolean;
    /**
     * Send `Prefer: respond-async`: each upload is answered once stored, and the time runs until
     * every uploaded document is `ready` (read back through `GET /documents/:id`).
     */
    respondAsync?: boolean;
  },
): Promise<UploadTotals & { complete: boolean }> {
  const totals: UploadTotals = { documents: 0, chunks: 0, bytes: 0, seconds: 0 };
  const agent = new Agent({ keepAlive: true });
  const started = performance.now();
  let complete = true;
  const indexing: string[] = [];
  const worker = async () => {
    for (;;) {
      if (options.stop?.(totals)) return;
      if (Date.now() > options.deadline) {
        complete = false;
        return;
      }
      const next = documents.next();
      if (next.done) return;
      const { document } = await postJson(
        agent,
        `${baseUrl}/upload-doc`,
        { 'x-api-key': project.apiKey, ...(options.respondAsync && { prefer: 'respond-async' }) },
        { title: next.value.title, content: next.value.content },
      );
      totals.documents++;
      totals.bytes += next.value.bytes;
      if (options.respondAsync && document.status === 'indexing') indexing.push(document.id);
      else if (document.status !== 'ready') throw new Error(`document ${document.id} is ${document.status}`);
      else totals.chunks += document.chunkCount;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    // Indexed in the order accepted: most are ready by the time the last upload is answered.
    for (const id of indexing) totals.chunks += await readyChunks(agent, baseUrl, project, id);
  } finally {
    agent.destroy();
  }
  totals.seconds = (performance.now() - started) / 1000;
  return { ...totals, complete };
}

/** Waits until the document is `ready` (polling every 5 ms) and returns its chunk count. */
async function readyChunks(
  agent: Agent,
  baseUrl: string,
  project: BenchProject,
  id: string,
): Promise<number> {
  for (;;) {
    const { document } = await getJson(agent, `${baseUrl}/documents/${id}`, { 'x-api-key': project.apiKey });
    if (document.status === 'ready') return document.chunkCount;
    if (document.status !== 'indexing') throw new Error(`document ${id} is ${document.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
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
