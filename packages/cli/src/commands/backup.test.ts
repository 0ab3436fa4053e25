import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderLockedError } from '@chatbuddy/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { runCli } from '../program.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

const run = async (openRuntime: RuntimeOpener, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const status = await runCli(argv, { openRuntime, io });
  return { status, out: out.join(''), err: err.join('') };
};

describe('chatbuddy backup', () => {
  it('asks for an admin token when the server holds the data folder, and writes nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-backup-'));
    folders.push(folder);
    const locked: RuntimeOpener = async () => {
      throw new DataFolderLockedError(folder, 4242);
    };
    const result = await run(locked, 'backup', join(folder, 'out.tar.gz'));
    expect(result.status).not.toBe(0);
    expect(result.err).toMatch(/--token/);
    await expect(
      import('node:fs/promises').then((fs) => fs.stat(join(folder, 'out.tar.gz'))),
    ).rejects.toThrow();
  });
});
