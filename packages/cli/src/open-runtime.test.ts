import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandIo } from './io.js';
import { type OpenOptions, type RuntimeOpener, newDataFolderNotice } from './open-runtime.js';
import { runCli } from './program.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const unknownProject = '00000000-0000-4000-8000-000000000000';

async function run(argv: string[], openRuntime?: RuntimeOpener) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const status = await runCli(argv, { ...(openRuntime ? { openRuntime } : {}), io });
  return { status, out: out.join(''), err: err.join('') };
}

describe('an operator command run from a folder without data', () => {
  it('says it created a new, empty database, and where it did not find the project', async () => {
    const base = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-elsewhere-'));
    folders.push(base);
    const dataDir = join(base, '.data');
    await mkdir(join(base, 'docs'));
    await writeFile(join(base, 'docs', 'faq.md'), '# FAQ\n\nWe open at nine.\n');
    vi.stubEnv('DATA_DIR', dataDir);
    vi.stubEnv('DB_URL', '');
    vi.stubEnv('LOG_LEVEL', 'silent');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const first = await run(['ingest', join(base, 'docs'), '--project', unknownProject]);
    expect(existsSync(dataDir)).toBe(true);
    expect(written).toEqual([`${newDataFolderNotice(dataDir)}\n`]);
    expect(first.err).toBe(`Error (project_not_found): Project not found in ${dataDir} (DATA_DIR)\n`);
    expect(first.status).toBe(3);
    // Once the folder exists, nothing more is said about it.
    written.length = 0;
    const second = await run(['projects', 'list']);
    expect(second.status).toBe(0);
    expect(written).toEqual([]);
  }, 120_000);

  it('stays quiet when serving or creating the first user, which is how an installation starts', async () => {
    const asked: Array<OpenOptions | undefined> = [];
    const opener: RuntimeOpener = async (_overrides, _defaults, options) => {
      asked.push(options);
      throw new DomainError('project_not_found', 'Project not found');
    };
    await run(['users', 'create', '--email', 'ops@example.com', '--password', 'violet-otter-4-lamp'], opener);
    await run(['serve'], opener);
    await run(['users', 'list'], opener);
    await run(['projects', 'list'], opener);
    expect(asked.map((options) => Boolean(options?.announceNewDataFolder))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('names no folder when the database is PostgreSQL (DB_URL)', async () => {
    const runtime = {
      config: { dbUrl: 'postgres://user:hunter2@db/chatbuddy', dataDir: '.data' },
      close: async () => {},
      get: () => ({
        execute: async () => {
          throw new DomainError('project_not_found', 'Project not found');
        },
      }),
    } as unknown as ChatBuddy;
    const result = await run(['leads', 'list', '--project', unknownProject], async () => runtime);
    expect(result.err).toBe('Error (project_not_found): Project not found\n');
  });
});
