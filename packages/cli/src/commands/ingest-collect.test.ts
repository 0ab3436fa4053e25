import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFiles } from './ingest-collect.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** `a/x.txt`, and `a/sub/link.txt` leading to it: the walk meets the link first (`sub` < `x.txt`). */
async function linkedFolder(): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'chatbuddy-collect-'));
  folders.push(base);
  await mkdir(join(base, 'a', 'sub'), { recursive: true });
  await writeFile(join(base, 'a', 'x.txt'), 'We open at nine.\n');
  await symlink('../x.txt', join(base, 'a', 'sub', 'link.txt'));
  return base;
}

describe('collectFiles', () => {
  it('keeps a file under its own name and lists a link to it as skipped', async () => {
    const base = await linkedFolder();
    const { files, skipped } = await collectFiles([join(base, 'a')]);
    expect(files.map((file) => file.path)).toEqual([join(base, 'a', 'x.txt')]);
    expect(skipped).toEqual([
      {
        path: join(base, 'a', 'sub', 'link.txt'),
        outcome: 'skipped',
        code: 'same_file',
        reason: `same file as ${join(base, 'a', 'x.txt')}`,
      },
    ]);
  });

  it('keeps the own name when both are named directly, the link first', async () => {
    const base = await linkedFolder();
    const { files, skipped } = await collectFiles([
      join(base, 'a', 'sub', 'link.txt'),
      join(base, 'a', 'x.txt'),
    ]);
    expect(files.map((file) => file.path)).toEqual([join(base, 'a', 'x.txt')]);
    expect(skipped.map((file) => [file.path, file.code])).toEqual([
      [join(base, 'a', 'sub', 'link.txt'), 'same_file'],
    ]);
  });

  it('says nothing of the same name given twice', async () => {
    const base = await linkedFolder();
    const { files, skipped } = await collectFiles([join(base, 'a'), join(base, 'a', 'x.txt')]);
    expect(files).toHaveLength(1);
    expect(skipped.map((file) => file.path)).toEqual([join(base, 'a', 'sub', 'link.txt')]);
  });
});
