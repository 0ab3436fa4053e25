import { constants } from 'node:fs';
import { access, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '@chatbuddy/core';

const reasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

const reason = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return reasons[code] ?? (code || (error instanceof Error ? error.message : String(error)));
};

/** A file that cannot be written, as one line: `invalid_input`, saying why. */
export const cannotWrite = (path: string, error: unknown): DomainError =>
  new DomainError('invalid_input', `Cannot write ${path}: ${reason(error)}`);

/**
 * Writes `chunks` to `file` through `<file>.partial`, renamed at the end, so a failed write
 * leaves neither a half file under the final name nor the partial file.
 * @throws DomainError `invalid_input` saying why the file cannot be written (a folder, say).
 */
export async function writeFileAtomically(
  file: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<void> {
  const partial = `${file}.partial`;
  try {
    if (await isFolder(file)) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    const handle = await open(partial, 'w');
    try {
      for await (const chunk of chunks) await handle.writeFile(chunk);
    } finally {
      await handle.close();
    }
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => {});
    throw cannotWrite(file, error);
  }
}

/**
 * Fails at once when `file` could not be written at the end of a long run (an evaluation, a
 * backup): its folder is missing or not writable, or it is a folder itself (unless `folder`
 * allows writing into one).
 * @throws DomainError `invalid_input` saying why, as `writeFileAtomically` would.
 */
export async function assertWritable(file: string, options: { folder?: boolean } = {}): Promise<void> {
  try {
    const into = await isFolder(file);
    if (into && !options.folder) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    const folder = into ? file : dirname(resolve(file));
    if (!(await stat(folder)).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

const isFolder = (path: string) =>
  stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );

/** The name `backup` gives an archive written into a folder. */
export const defaultArchiveName = (now: Date) =>
  `chatbuddy-backup-${now
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')}.tar.gz`;

/**
 * Writes `archive` to `file` (into it, under `defaultArchiveName`, when `file` is a folder) through
 * a `.partial` file renamed at the end, so the final name never holds half an archive; the partial
 * file is removed when writing fails. Returns the path written.
 * @throws DomainError `invalid_input` saying why the file cannot be written.
 */
export async function writeArchive(file: string, archive: Uint8Array, now = new Date()): Promise<string> {
  const path = (await isFolder(file)) ? join(file, defaultArchiveName(now)) : file;
  await writeFileAtomically(path, [archive]);
  return path;
}

/**
 * Reads the archive `restore` was given.
 * @throws DomainError `not_found` or `invalid_input` saying why it cannot be read.
 */
export async function readArchive(file: string): Promise<Uint8Array> {
  const unreadable = (error: unknown) =>
    new DomainError(
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not_found' : 'invalid_input',
      `Cannot read ${file}: ${reason(error)}`,
    );
  const stats = await stat(file).catch((error: unknown) => {
    throw unreadable(error);
  });
  if (!stats.isFile()) throw new DomainError('invalid_input', `Cannot read ${file}: not a regular file`);
  return new Uint8Array(await readFile(file).catch((error: unknown) => Promise.reject(unreadable(error))));
}

/**
 * The server's base URL, checked: `--url` (or APP_BASE_URL) must be an http(s) URL.
 * @throws DomainError `invalid_input` naming the bad value.
 */
export function serverUrl(value: string, source: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new DomainError(
      'invalid_input',
      `${source} "${value}" is not a valid URL (expected http://host:port or https://host)`,
      { details: { issues: [{ path: source, message: 'must be an http(s) URL', code: 'invalid_format' }] } },
    );
  }
  return value.replace(/\/+$/, '');
}
