import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '__fixtures__', 'slow-stream-serve.ts');
const folders: string[] = [];
const children: ReturnType<typeof spawn>[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts the slow-stream server process; resolves with its URL, key and exit. */
async function startServer(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatbuddy-shutdown-'));
  folders.push(dataDir);
  const child = spawn(process.execPath, ['--conditions=@chatbuddy/source', '--import', 'tsx', script], {
    env: { ...process.env, DB_URL: '', CHROMA_URL: '', REDIS_URL: '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const ready = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /READY (\S+) (\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, key: match[2]! });
    });
    child.once('exit', () => reject(new Error(`server exited early:\n${err}`)));
  });
  return { ...ready, child, exited, output: () => out };
}

/** Opens a streamed chat; resolves once the first token arrived, with the rest of the stream. */
async function openStream(url: string, key: string) {
  const response = await fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': key },
    body: JSON.stringify({ message: 'When does the office open in the morning?' }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event: token')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const rest = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return rest;
}

const events = (text: string) => [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);

// Starting a process with the embedded database takes long on a loaded machine: generous timeouts.
describe('SIGTERM with a chat stream open', () => {
  it('lets the stream finish with its done event, then exits', async () => {
    // Thirty tokens 150 ms apart: under 5 s of stream, well within a 10 s deadline.
    const server = await startServer({ SLOW_TOKEN_MS: '150', SHUTDOWN_TIMEOUT_SECONDS: '10' });
    const stream = await openStream(server.url, server.key);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const text = await stream;
    expect(events(text).filter((event) => event !== 'token')).toEqual(['sources', 'done']);
    expect(text).toContain('word1 word2');
    expect(text).toContain('"reply":"word1 word2');
    expect(text).toMatch(/word30"/);
    const { code, at } = await server.exited;
    expect(code).toBe(0);
    expect(server.output()).toContain('STOPPED');
    expect(at - signalledAt).toBeLessThan(10_000);
  }, 300_000);
});

describe('Ctrl-C on `pnpm start`: the SIGINT arrives twice', () => {
  it('takes the second, a moment later, for the same stop: the stream finishes and the process exits 0', async () => {
    const server = await startServer({ SLOW_TOKEN_MS: '100', SHUTDOWN_TIMEOUT_SECONDS: '10' });
    const stream = await openStream(server.url, server.key);
    server.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGINT');
    const text = await stream;
    expect(events(text).filter((event) => event !== 'token')).toEqual(['sources', 'done']);
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(server.output()).toContain('STOPPED');
  }, 300_000);
});
