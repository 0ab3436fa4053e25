import { gunzipSync } from 'node:zlib';
import { DomainError } from '@chatbuddy/core';

const blockSize = 512;
/** The files every PostgreSQL data folder holds; an archive without them is not a database. */
const requiredEntries = ['PG_VERSION', 'global/pg_control'];

/** An archive that cannot be restored: `invalid_input`, saying why, before anything is touched. */
export const notABackup = (why: string): DomainError =>
  new DomainError('invalid_input', `The file is not a usable backup of the embedded database: ${why}`, {
    details: { reason: 'invalid_archive' },
  });

function text(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

function octal(header: Uint8Array, start: number, length: number): number {
  const field = text(header, start, length).trim();
  return /^[0-7]+$/.test(field) ? Number.parseInt(field, 8) : Number.NaN;
}

/** Header checksum: the sum of its bytes with the checksum field itself read as spaces. */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < blockSize; index += 1) {
    sum += index >= 148 && index < 156 ? 0x20 : header[index]!;
  }
  return sum;
}

/**
 * Checks that `tar` is a whole, uncorrupted tar archive of a PostgreSQL data folder: every header
 * is intact, every entry's content is present, no name leaves the folder, and the files every
 * data folder holds are there.
 */
function checkTar(tar: Uint8Array): void {
  const names = new Set<string>();
  let offset = 0;
  while (offset + blockSize <= tar.length) {
    const header = tar.subarray(offset, offset + blockSize);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    if (!text(header, 257, 6).startsWith('ustar') || octal(header, 148, 8) !== checksum(header)) {
      throw notABackup(`damaged archive entry at byte ${offset}`);
    }
    const prefix = text(header, 345, 155);
    const name = `${prefix ? `${prefix}/` : ''}${text(header, 0, 100)}`.replace(/^(\.?\/)+/, '');
    if (!Number.isFinite(size) || name.split('/').includes('..')) {
      throw notABackup(`unexpected archive entry "${name}"`);
    }
    offset += blockSize + Math.ceil(size / blockSize) * blockSize;
    if (offset > tar.length) throw notABackup(`the archive is truncated (in "${name}")`);
    names.add(name.replace(/\/+$/, ''));
  }
  const missing = requiredEntries.filter((name) => !names.has(name));
  if (missing.length > 0) throw notABackup(`it holds no database (${missing.join(', ')} missing)`);
}

/**
 * The tar archive inside a gzip'd backup, checked whole (see `checkTar`) before any database is
 * created from it: a truncated or foreign file is refused here, not halfway through a restore.
 * @throws DomainError `invalid_input` (details.reason `invalid_archive`)
 */
export function unpackPgliteArchive(archive: Uint8Array): Uint8Array {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(archive);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw notABackup(
      code === 'Z_BUF_ERROR'
        ? 'the archive is truncated'
        : 'not a gzip archive (.tar.gz) made by chatbuddy backup',
    );
  }
  checkTar(tar);
  return tar;
}
