import { type Dirent, promises as fs, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DomainError } from '@chatbuddy/core';
import { displayPath, type IngestedFile } from './ingest-files.js';

const ignoredNames = new Set(['node_modules']);

/** A file to ingest: the name it was found by, and the regular file that name leads to. */
export interface CollectedFile {
  path: string;
  /** Absolute, without symbolic links: what is opened (never through a link). */
  source: string;
}

/** A file as the walk met it: through a symbolic link, or by its own name. */
interface FoundFile extends CollectedFile {
  linked: boolean;
}

/** What `collectFiles` found: files to ingest, and entries left alone with the reason. */
export interface CollectedFiles {
  files: CollectedFile[];
  skipped: IngestedFile[];
}

export const skip = (path: string, code: string, reason: string): IngestedFile => ({
  path,
  outcome: 'skipped',
  code,
  reason,
});

/** A skipped entry that is not a regular file or folder (fifo, socket, device), or `null`. */
export function specialFile(path: string, stats: Stats): IngestedFile | null {
  if (stats.isFile() || stats.isDirectory()) return null;
  const kind = stats.isFIFO()
    ? 'a named pipe (fifo)'
    : stats.isSocket()
      ? 'a socket'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : 'not a regular file';
  return skip(path, 'not_a_regular_file', `${kind}, not read`);
}

const isInside = (folder: string, path: string) => {
  const shown = relative(folder, path);
  return shown === '' || (!shown.startsWith('..') && !isAbsolute(shown));
};

/**
 * Where the symbolic link `path` leads, when it may be followed: to a regular file inside `root`.
 * Links are never followed out of the folder being ingested, nor to folders (whatever they hold
 * inside `root` is walked where it is, and a link to a folder could make a cycle).
 */
async function followLink(root: string, path: string): Promise<FoundFile | IngestedFile> {
  let target: string;
  try {
    target = await fs.realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP'
      ? skip(path, 'symlink_loop', 'symbolic link loop, not followed')
      : skip(path, 'broken_link', 'symbolic link to nothing (broken link)');
  }
  if (!isInside(root, target)) {
    return skip(
      path,
      'outside_folder',
      `symbolic link to ${target}, outside ${displayPath(root)}: not followed`,
    );
  }
  const stats = await fs.stat(target);
  if (stats.isDirectory()) return skip(path, 'link_to_folder', 'symbolic link to a folder, not followed');
  return specialFile(path, stats) ?? { path, source: target, linked: true };
}

/** Walks `directory`, which is `real` with symbolic links resolved, inside `root` (resolved too). */
async function walk(
  root: string,
  directory: string,
  real: string,
  found: Map<string, FoundFile>,
  skipped: IngestedFile[],
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    throw notReadable(directory, error);
  }
  entries.sort((left, right) => left.name.localeCompare(right.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || ignoredNames.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(root, path, join(real, entry.name), found, skipped);
    else if (entry.isFile()) add(found, skipped, { path, source: join(real, entry.name), linked: false });
    else {
      const outcome = await (entry.isSymbolicLink()
        ? followLink(root, path)
        : fs
            .lstat(path)
            .then(
              (stats) => specialFile(path, stats) ?? { path, source: join(real, entry.name), linked: false },
            )
      ).catch(() => skip(path, 'unreadable', 'cannot be read'));
      if ('source' in outcome) add(found, skipped, outcome);
      else skipped.push(outcome);
    }
  }
}

/**
 * Each file once, by where it really is: under its own name when the walk also meets a link to it
 * (whichever comes first in the walk), else under the first name found; the other name is
 * reported skipped, so that no name the operator sees vanishes without a word.
 */
function add(found: Map<string, FoundFile>, skipped: IngestedFile[], file: FoundFile): void {
  const earlier = found.get(file.source);
  if (!earlier) {
    found.set(file.source, file);
    return;
  }
  const [kept, other] = earlier.linked && !file.linked ? [file, earlier] : [earlier, file];
  found.set(file.source, kept);
  // The same name given twice (`ingest docs docs/faq.md`) is one file, not worth a line.
  if (other.path !== kept.path)
    skipped.push(skip(other.path, 'same_file', `same file as ${displayPath(kept.path)}`));
}

function notReadable(path: string, error: unknown): DomainError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
  return new DomainError('invalid_input', `${displayPath(path)}: ${why}`, {
    details: { issues: [{ path: displayPath(path), message: why, code: 'custom' }] },
  });
}

/**
 * The files named by `paths`, folders walked recursively (skipping dotfiles, dot-folders and
 * node_modules), absolute, without repeats, in a stable order; and the entries left alone, with
 * why: fifos, sockets and devices (never opened), symbolic links that lead out of the folder
 * being ingested, to a folder, in a loop or to nothing, and a second name of a file already
 * found (`same_file`: a link loses to the file's own name). A path named directly is read even when
 * it is a link out of the working folder, but never when it is not a regular file.
 * @throws DomainError `invalid_input` when a path does not exist or cannot be read.
 */
export async function collectFiles(paths: readonly string[]): Promise<CollectedFiles> {
  const found = new Map<string, FoundFile>();
  const skipped: IngestedFile[] = [];
  for (const path of paths.map((entry) => resolve(entry))) {
    const stats = await fs.stat(path).catch((error: unknown) => {
      throw notReadable(path, error);
    });
    if (stats.isDirectory()) {
      const root = await fs.realpath(path);
      await walk(root, path, root, found, skipped);
    } else {
      const special = specialFile(path, stats);
      if (special) skipped.push(special);
      else {
        const linked = (await fs.lstat(path)).isSymbolicLink();
        add(found, skipped, { path, source: await fs.realpath(path), linked });
      }
    }
  }
  return { files: [...found.values()].map(({ path, source }) => ({ path, source })), skipped };
}
