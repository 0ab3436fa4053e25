import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { startSlowEmbeddingServer } from '@chatbuddy/runtime/testing';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function sparePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** `chatbuddy serve` in its own process on the embedded database of `dataDir`. */
async function serve(dataDir: string, port: number, ollamaBaseUrl: string) {
  // The built CLI through the checkout's wrapper: the way operators start it, and much less CPU
  // than compiling the sources on the fly while the rest of the suite loads the machine.
  const child = spawn(join(root, 'chatbuddy'), ['serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    // Empty values count as unset: the embedded default, whatever the test environment says.
    env: {
      ...process.env,
      OLLAMA_BASE_URL: ollamaBaseUrl,
      DATA_DIR: dataDir,
      DB_URL: '',
      CHROMA_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      MAX_BODY_BYTES: '8000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (data) => (output += data));
  child.stderr?.on('data', (data) => (output += data));
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 240_000;
  for (;;) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (exited || Date.now() > deadline)
      throw new Error(`the server did not start (${exited ? 'it exited' : 'timed out'}):\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, url, output: () => output };
}

/** 320 sections, each its own chunk: 5 batches of 64 texts to embed. */
function bigDocument(): string {
  return Array.from(
    { length: 320 },
    (_, index) =>
      `## Section ${index}\n\nRefund rule ${index}: money back within ${(index % 30) + 1} days when item ${index} arrives damaged; shipping ${index} is free above ${index * 3} euros.`,
  ).join('\n\n');
}

describe('an upload interrupted by SIGKILL', () => {
  it('is failed with reason interrupted after a restart, and a reindex makes it ready', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-interrupted-'));
    folders.push(dataDir);
    const embeddings = await startSlowEmbeddingServer(1_500);
    const ollamaBaseUrl = embeddings.url;
    const logger = createLogger({ logLevel: 'silent' });
    const setup = await createChatBuddy({ dataDir, ollamaBaseUrl, logLevel: 'silent' }, { logger });
    const { apiKey } = await setup.projects.create({ name: 'Interrupted', modelProvider: 'ollama' });
    await setup.close();
    const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };
    const port = await sparePort();

    const first = await serve(dataDir, port, ollamaBaseUrl);
    const upload = fetch(`${first.url}/upload-doc`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Big', content: bigDocument() }),
    }).catch((error: unknown) => error);
    const listed = async () => {
      const response = await fetch(`${first.url}/documents`, { headers });
      return ((await response.json()) as { items: Array<{ id: string; status: string }> }).items;
    };
    await expect
      .poll(async () => (await listed())[0]?.status, { timeout: 60_000, interval: 100 })
      .toBe('indexing');
    const [document] = await listed();
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(await upload).toBeInstanceOf(Error);

    const second = await serve(dataDir, port, ollamaBaseUrl);
    try {
      const found = await fetch(`${second.url}/documents/${document!.id}`, { headers });
      expect((await found.json()) as object).toMatchObject({
        document: { status: 'failed', failureReason: 'interrupted', chunkCount: 0 },
      });
      expect(second.output()).toContain('indexing was interrupted');
      const reindexed = await fetch(`${second.url}/documents/${document!.id}/reindex`, {
        method: 'POST',
        headers,
      });
      expect(reindexed.status).toBe(200);
      expect((await reindexed.json()) as object).toMatchObject({
        document: { status: 'ready', failureReason: null, chunkCount: 320 },
      });
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
      embeddings.close();
    }
  }, 400_000);
});
