import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from '../../../scripts/build-if-stale.mjs';

// Real processes: the built CLI through ./chatbuddy, and `pnpm start`, as the README runs them.
const folders: string[] = [];
const started: ChildProcess[] = [];

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'chatbuddy-processes-'));
  folders.push(folder);
  return folder;
}

function launch(command: string, args: string[], dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: root,
    // The embedded default, whatever servers the test environment points at (empty means unset).
    env: {
      ...process.env,
      DB_URL: '',
      CHROMA_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ status: number | null; signal: string | null; out: string; err: string }>(
    (resolve) => child.once('close', (status, signal) => resolve({ status, signal, out, err })),
  );
  return { child, exited, output: () => ({ out, err }) };
}

const cli = (args: string[], dataDir: string) => launch(join(root, 'chatbuddy'), args, dataDir).exited;

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const health = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`).then(
    (response) => (response.ok ? true : undefined),
    () => undefined,
  );

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const lockOwner = (dataDir: string): number | undefined => {
  const path = join(dataDir, 'chatbuddy.lock');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).pid : undefined;
};

beforeAll(() => {
  expect(ensureBuilt()).toBe(true);
}, 600_000);

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('the chatbuddy command as separate processes', () => {
  const dataDir = freshFolder();

  it('prints only JSON on stdout with --json on a fresh data folder (logs go to stderr)', async () => {
    const result = await cli(['projects', 'list', '--json'], dataDir);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ items: [] });
    expect(result.err).toContain('database migrated');
  }, 180_000);

  it('refuses a second process while the server runs, reads the outbox, and takes over after SIGKILL', async () => {
    const port = await sparePort();
    const server = launch(join(root, 'chatbuddy'), ['serve', '--port', String(port)], dataDir);
    await until(() => health(port), 'the server');
    const pid = server.child.pid!;
    expect(lockOwner(dataDir)).toBe(pid);

    const email = 'owner@example.com';
    const password = 'a long passphrase';
    const locked = await cli(
      ['users', 'create', '--email', email, '--password', password, '--json'],
      dataDir,
    );
    expect(locked.status).toBe(75);
    expect(locked.out).toBe('');
    const error = JSON.parse(locked.err).error;
    expect(error).toMatchObject({ code: 'data_folder_locked', details: { pid } });
    expect(error.message).toContain(
      `the server is running on this data folder (pid ${pid}); stop it or use the HTTP API`,
    );
    const human = await cli(['projects', 'list'], dataDir);
    expect(human.status).toBe(75);
    expect(human.err).toContain(`Error (data_folder_locked): the server is running on this data folder`);

    // The account goes through the server; the outbox is a file and reads while it runs.
    const registered = await fetch(`http://127.0.0.1:${port}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Owner' }),
    });
    expect(registered.status).toBe(202);
    const outbox = await cli(['outbox', '--to', email, '--json'], dataDir);
    expect(outbox.status).toBe(0);
    expect(JSON.parse(outbox.out).emails[0].text).toMatch(/\b\d{6}\b/);

    server.child.kill('SIGKILL');
    await server.exited;
    expect(lockOwner(dataDir)).toBe(pid);
    const listed = await cli(['users', 'list', '--json'], dataDir);
    expect(listed.status).toBe(0);
    expect(JSON.stringify(JSON.parse(listed.out))).toContain(email);
    expect(lockOwner(dataDir)).toBeUndefined();
  }, 300_000);
});

describe('pnpm start', () => {
  // The real Node binary, not a shell shim in front of it that would take the signal instead.
  const node = join(root, 'node_modules', 'node', 'bin', 'node');
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => !folder.includes('node_modules'))
    .map((folder) => join(folder, 'pnpm'))
    .find((path) => existsSync(path));
  const pnpm = [node, process.env.npm_execpath ?? onPath ?? 'pnpm'];

  async function startServer(command: string[]) {
    const dataDir = freshFolder();
    const port = await sparePort();
    const run = launch(command[0]!, command.slice(1), dataDir, { PORT: String(port) });
    await until(() => health(port), 'the server');
    const pid = await until(() => lockOwner(dataDir), 'the lock file');
    return { ...run, port, pid };
  }

  async function expectStopped(pid: number, port: number) {
    await until(() => (isRunning(pid) ? undefined : true), 'the server to stop');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }

  it('stops gracefully with status 0 when its top process gets SIGTERM', async () => {
    const server = await startServer([...pnpm, 'start']);
    server.child.kill('SIGTERM');
    const result = await server.exited;
    expect(result.status).toBe(0);
    expect(result.err).toContain('"signal":"SIGTERM","msg":"shutting down"');
    expect(`${result.out}${result.err}`).not.toContain('ELIFECYCLE');
    await expectStopped(server.pid, server.port);
  }, 180_000);

  it('stops when a launcher in front of pnpm (npx and its shell) exits on SIGTERM', async () => {
    const server = await startServer([
      'sh',
      '-c',
      `${pnpm.map((part) => `'${part}'`).join(' ')} start; true`,
    ]);
    server.child.kill('SIGTERM');
    await server.exited;
    await expectStopped(server.pid, server.port);
  }, 180_000);
});
