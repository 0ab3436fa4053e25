import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CreateUser, DocumentRepository, VectorStore } from '@chatbuddy/core';
import { type ChatBuddy, createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { freePortInRange } from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from './server.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const script = join(root, 'scripts/chroma-server.sh');

/** A long handbook: many sections, so indexing writes thousands of vectors in many batches. */
function handbook(sections: number): string {
  return Array.from(
    { length: sections },
    (_, index) =>
      `## Policy ${index}\n\nRule ${index}: orders of category ${index} ship within ${(index % 9) + 1} days, and returns of category ${index} are accepted for ${(index % 5) + 2} weeks.`,
  ).join('\n\n');
}

// Runs where a Chroma server can run (CI sets CHROMA_URL); starts and kills its own server.
describe.skipIf(!process.env.CHROMA_URL)('indexing while Chroma dies', () => {
  let port = 0;
  let chromaData = '';
  let dataDir = '';
  let runtime: ChatBuddy;
  let server: RunningServer;
  let apiKey = '';
  let projectId = '';
  const chroma = (command: 'start' | 'stop') =>
    run('bash', [script, command, '--port', String(port), '--data', chromaData], { timeout: 110_000 });
  const call = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const response = await fetch(`${server.url}${path}`, {
      ...rest,
      headers: {
        'content-type': 'application/json',
        'x-api-key': apiKey,
        ...(rest.headers as Record<string, string>),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    // A range of its own, below the kernel's ephemeral ports (32768 and up): a port picked with
    // `listen(0)` can be handed to another test's server while this file's Chroma is restarting.
    port = await freePortInRange(28470, 28479);
    chromaData = await mkdtemp(join(tmpdir(), 'chroma-pipeline-'));
    dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-pipeline-'));
    await chroma('start');
    runtime = await createChatBuddy(
      { dataDir, chromaUrl: `http://127.0.0.1:${port}`, rateLimitPerMinute: 0 },
      { logger: createLogger({ logLevel: 'silent' }) },
    );
    server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
    const owner = await runtime
      .get(CreateUser)
      .execute({ email: 'ops@example.com', password: 'a long enough passphrase', role: 'admin' });
    const created = await runtime.projects.create({ ownerId: owner.id, name: 'Fault' });
    apiKey = created.apiKey;
    projectId = created.project.id;
  });

  afterAll(async () => {
    await server?.stop();
    if (port) await chroma('stop').catch(() => undefined);
    for (const folder of [chromaData, dataDir])
      if (folder) await rm(folder, { recursive: true, force: true });
    if (port) await rm(join(root, `.cache/chroma/chroma-${port}.log`), { force: true });
  });

  it('reports 503 while Chroma is down, leaves the document failed, and a reindex restores exactly its chunks', async () => {
    const upload = call('/upload-doc', {
      method: 'POST',
      json: { title: 'Handbook', content: handbook(6000) },
    });
    // Chroma dies once the upload's first vectors are in it, with about a hundred batches to go.
    const documents = runtime.get<DocumentRepository>(DocumentRepository);
    const vectorStore = runtime.get<VectorStore>(VectorStore);
    await vi.waitFor(
      async () => {
        const [indexing] = (await documents.list(projectId, { limit: 1 })).items;
        expect(indexing?.status).toBe('indexing');
        expect((await vectorStore.listChunkIds(projectId, indexing!.id)).length).toBeGreaterThan(0);
      },
      { timeout: 120_000, interval: 10 },
    );
    await chroma('stop');
    const failed = await upload;
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'dependency_unavailable', message: expect.any(String) });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    const listed = await call('/documents');
    expect(listed.body.items).toHaveLength(1);
    const document = listed.body.items[0];
    expect(document.status).toBe('failed');
    expect(document.failureReason).toMatch(/dependency_unavailable|unavailable/);

    await chroma('start');
    const reindexed = await call(`/documents/${document.id}/reindex`, { method: 'POST' });
    expect(reindexed.status).toBe(200);
    expect(reindexed.body.document.status).toBe('ready');
    const rows = await documents.listChunks(projectId, document.id);
    const vectors = await vectorStore.listChunkIds(projectId, document.id);
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(vectors)).toEqual(new Set(rows.map((row) => row.id)));

    const answer = await call('/chat', {
      method: 'POST',
      json: { message: 'How many days do orders of category 42 take to ship?' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.answered).toBe(true);
    expect(answer.body.sources.map((source: { snippet: string }) => source.snippet).join(' ')).toContain(
      'category 42',
    );
  }, 400_000);
});
