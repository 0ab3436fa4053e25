import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.js';

const reasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file',
  ENOSPC: 'no space left on the device',
};

const unusable = (problem: string) =>
  new ConfigError([{ variable: 'DATA_DIR', option: 'dataDir', message: problem }]);

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? (code || (error instanceof Error ? error.message : String(error)));
}

/**
 * Creates the data folder and its missing parents, one level at a time. Node's recursive mkdir
 * retries forever where a parent exists but refuses new entries (`/proc/1/x`), so it is not used.
 * @throws ConfigError naming DATA_DIR when the folder cannot be created or is not a folder.
 */
export async function createDataFolder(dataDir: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = resolve(dataDir); ; folder = dirname(folder)) {
    const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw unusable(`cannot use ${folder} (${reason(error)})`);
    });
    if (found?.isDirectory()) break;
    if (found) throw unusable(`${folder} is a file, not a folder`);
    if (dirname(folder) === folder) throw unusable(`cannot create ${folder}`);
    missing.unshift(folder);
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      // Created meanwhile by another process: fine when it is a folder.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await isFolder(folder))) continue;
      throw unusable(`cannot create ${folder} (${reason(error)})`);
    }
  }
}

const isFolder = (path: string) =>
  stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
