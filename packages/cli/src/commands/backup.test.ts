import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatBuddy, createLogger, DataFolderLockedError } from '@chatbuddy/runtime';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { runCli } from '../program.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});
async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-backup-'));
  folders.push(path);
  return path;
}

const run = async (openRuntime: RuntimeOpener, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const status = await runCli(argv, { openRuntime, io });
  return { status, out: out.join(''), err: err.join('') };
};

const locked =
  (dataDir: string): RuntimeOpener =>
  async () => {
    throw new DataFolderLockedError(dataDir, 4242);
  };

/** One line, no stack trace. */
const oneLine = (text: string) => text.trim().split('\n').length === 1 && !/\n\s+at /.test(text);

describe('chatbuddy backup', () => {
  it('asks for an admin token when the server holds the data folder, and writes nothing', async () => {
    const base = await folder();
    const result = await run(locked(base), 'backup', join(base, 'out.tar.gz'));
    expect(result.status).not.toBe(0);
    expect(result.err).toMatch(/--token/);
    expect(await readdir(base)).toEqual([]);
  });

  it('says a malformed --url is not a valid URL, and an unreachable server cannot be reached', async () => {
    const base = await folder();
    const malformed = await run(locked(base), 'backup', join(base, 'out.tar.gz'), '--url', 'http//nope');
    expect(malformed.status).toBe(2);
    expect(malformed.err).toContain('--url "http//nope" is not a valid URL');
    expect(oneLine(malformed.err)).toBe(true);
    const unreachable = await run(
      locked(base),
      'backup',
      join(base, 'out.tar.gz'),
      '--url',
      'http://127.0.0.1:1',
      '--token',
      'an-admin-token',
    );
    expect(unreachable.status).toBe(69);
    expect(unreachable.err).toContain('Cannot reach the server at http://127.0.0.1:1');
    expect(await readdir(base)).toEqual([]);
  });
});

describe('chatbuddy backup and restore --replace', { timeout: 180_000 }, () => {
  it('writes into a folder, refuses bad archives without touching the live data, restores a good one', async () => {
    const base = await folder();
    const dataDir = join(base, 'data');
    vi.stubEnv('DATA_DIR', dataDir);
    vi.stubEnv('DB_URL', '');
    const open: RuntimeOpener = () =>
      createChatBuddy(
        { nodeEnv: 'test', logLevel: 'silent', dataDir },
        { logger: createLogger({ logLevel: 'silent' }) },
      );
    const emails = async () =>
      JSON.parse((await run(open, 'users', 'list', '--json')).out).items.map(
        (user: { email: string }) => user.email,
      );
    const create = (email: string) =>
      run(open, 'users', 'create', '--email', email, '--password', 'violet-otter-4-lamp');
    expect((await create('first@example.com')).status).toBe(0);

    const archives = join(base, 'archives');
    await mkdir(archives);
    const backedUp = await run(open, 'backup', archives, '--json');
    expect(backedUp.status).toBe(0);
    const written = JSON.parse(backedUp.out).file as string;
    expect(written).toMatch(/archives\/chatbuddy-backup-[\dT-]+Z\.tar\.gz$/);
    expect(await readdir(archives)).toHaveLength(1);
    const unwritable = await run(open, 'backup', join(base, 'missing', 'out.tar.gz'));
    expect(unwritable.status).toBe(2);
    expect(unwritable.err).toContain('no such file or folder');
    expect(oneLine(unwritable.err)).toBe(true);
    expect(await readdir(base)).toEqual(['archives', 'data']);

    // The live database moves on after the backup.
    expect((await create('second@example.com')).status).toBe(0);
    const good = await readFile(written);
    const truncated = join(base, 'truncated.tar.gz');
    await writeFile(truncated, good.subarray(0, Math.floor(good.length / 2)));
    const random = join(base, 'random.bin');
    await writeFile(
      random,
      Uint8Array.from({ length: 64 * 1024 }, (_, index) => (index * 7919 + 13) % 251),
    );
    for (const bad of [truncated, random]) {
      const result = await run(open, 'restore', bad, '--replace');
      expect(result.status).toBe(2);
      expect(result.err).toMatch(/^Error \(invalid_input\): The file is not a usable backup/);
      expect(oneLine(result.err)).toBe(true);
      expect(await readdir(dataDir)).toEqual(['pglite']);
      expect((await emails()).sort()).toEqual(['first@example.com', 'second@example.com']);
    }

    // Left by a restore that was killed part-way: cleared, it never held live data.
    await mkdir(join(dataDir, 'pglite.restoring-2026-01-01T00-00-00.000Z'));
    const restored = await run(open, 'restore', written, '--replace', '--json');
    expect(restored.status).toBe(0);
    const { replacedTo } = JSON.parse(restored.out);
    expect(replacedTo).toMatch(/pglite\.replaced-/);
    expect((await readdir(dataDir)).sort()).toEqual(['pglite', replacedTo.split('/').pop()]);
    expect(await emails()).toEqual(['first@example.com']);
  });
});
