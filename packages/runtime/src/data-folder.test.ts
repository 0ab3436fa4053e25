import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { createDataFolder } from './data-folder.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('createDataFolder', () => {
  it('creates the folder and its missing parents, and accepts one that exists', async () => {
    const base = await mkdtemp(join(tmpdir(), 'chatbuddy-data-folder-'));
    folders.push(base);
    const dataDir = join(base, 'a', 'b', 'data');
    await createDataFolder(dataDir);
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    await createDataFolder(dataDir);
  });

  it('fails at once, naming DATA_DIR on one line, where the folder cannot be created', async () => {
    const base = await mkdtemp(join(tmpdir(), 'chatbuddy-data-folder-'));
    folders.push(base);
    await writeFile(join(base, 'file'), 'x');
    await expect(createDataFolder(join(base, 'file'))).rejects.toThrow(
      /^Invalid configuration: DATA_DIR: .*file is a file, not a folder$/,
    );
    await expect(createDataFolder(join(base, 'file', 'data'))).rejects.toBeInstanceOf(ConfigError);
  });

  // Node's recursive mkdir retries forever here (the parent exists but refuses new entries).
  it.runIf(existsSync('/proc/1'))('fails at once under /proc', { timeout: 5_000 }, async () => {
    await expect(createDataFolder('/proc/1/nonexistent/data')).rejects.toThrow(
      /^Invalid configuration: DATA_DIR: cannot create \/proc\/1\/nonexistent/,
    );
  });
});
