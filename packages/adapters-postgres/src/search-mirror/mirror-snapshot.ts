import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { type LexicalState, LexicalMirror } from './lexical-mirror.js';
import type { ProjectMirror } from './search-mirror.js';
import { type VectorState, VectorMirror } from './vector-mirror.js';

const magic = 'CBSM1\n';
type Part = Float64Array | Float32Array | Int32Array;

interface Header {
  projectId: string;
  generation: number;
  statistics: ProjectMirror['statistics'];
  lexical: Omit<LexicalState, 'lengths' | 'termSizes' | 'slots' | 'tfs'>;
  vectors: Array<Omit<VectorState, 'data'>> | null;
  /** Byte length of each binary part, in the order written. */
  parts: number[];
  /** Checksum of the body: CRC-32 (a fraction of SHA-256's time), or SHA-256 as written before. */
  crc32?: number;
  sha256?: string;
}

/** zlib's CRC-32 (Node 22.2 and later); without it snapshots carry a SHA-256. */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function checksum(body: Uint8Array): Pick<Header, 'crc32' | 'sha256'> {
  return crc32 ? { crc32: crc32(body) } : { sha256: createHash('sha256').update(body).digest('hex') };
}

/** Whether the body matches the header's checksum; false when it has none this Node can verify. */
function checksumHolds(header: Header, body: Uint8Array): boolean {
  if (header.crc32 !== undefined) return crc32 !== undefined && crc32(body) === header.crc32;
  if (header.sha256 !== undefined) return createHash('sha256').update(body).digest('hex') === header.sha256;
  return false;
}

/** The body of a snapshot: binary parts, 8-byte aligned, after the JSON header. */
function partsOf(lexical: LexicalState, vectors: VectorState[] | null): Part[] {
  return [
    lexical.lengths,
    lexical.termSizes,
    lexical.slots,
    lexical.tfs,
    ...(vectors ?? []).map((matrix) => matrix.data),
  ];
}

const padded = (length: number) => Math.ceil(length / 8) * 8;

/** Encodes a project's mirror at its generation (synchronously: no change can interleave). */
export function encodeSnapshot(projectId: string, project: ProjectMirror): Buffer {
  const { lengths, termSizes, slots, tfs, ...lexical } = project.lexical.toState();
  const vectorStates = project.vectors?.toState() ?? null;
  const parts = partsOf({ lengths, termSizes, slots, tfs, ...lexical }, vectorStates);
  const body = Buffer.alloc(parts.reduce((total, part) => total + padded(part.byteLength), 0));
  let offset = 0;
  for (const part of parts) {
    body.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += padded(part.byteLength);
  }
  const header: Header = {
    projectId,
    generation: project.generation,
    statistics: project.statistics,
    lexical,
    vectors: vectorStates?.map(({ data: _data, ...matrix }) => matrix) ?? null,
    parts: parts.map((part) => part.byteLength),
    ...checksum(body),
  };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(padded(magic.length + 4 + json.length));
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(json.length, magic.length);
  json.copy(prefix, magic.length + 4);
  return Buffer.concat([prefix, body]);
}

/** Decodes a snapshot; throws on any damage (wrong magic, bad header, checksum mismatch). */
export function decodeSnapshot(bytes: Buffer, projectId: string): Omit<ProjectMirror, 'lastUsed'> {
  if (bytes.toString('latin1', 0, magic.length) !== magic) throw new Error('not a search mirror snapshot');
  const length = bytes.readUInt32LE(magic.length);
  const header = JSON.parse(bytes.toString('utf8', magic.length + 4, magic.length + 4 + length)) as Header;
  if (header.projectId !== projectId) throw new Error('snapshot of another project');
  const start = padded(magic.length + 4 + length);
  const body = bytes.subarray(start);
  if (!checksumHolds(header, body)) throw new Error('snapshot checksum mismatch');
  // The typed arrays are views of the file's own buffer (parts are 8-byte aligned within it), so
  // the mirror takes the bytes read without copying them; a buffer at an unaligned offset (a small
  // one from Node's pool) is copied first.
  const aligned = body.byteOffset % 8 === 0 ? body : new Uint8Array(body);
  let offset = aligned.byteOffset;
  const end = aligned.byteOffset + aligned.byteLength;
  const next = <T extends Part>(
    make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
    size: number,
  ) => {
    const byteLength = header.parts.shift();
    if (byteLength === undefined) throw new Error('snapshot is missing a part');
    if (byteLength % size !== 0 || offset + byteLength > end) throw new Error('snapshot part out of bounds');
    const part = make(aligned.buffer, offset, byteLength / size);
    offset += padded(byteLength);
    return part;
  };
  const lexical = LexicalMirror.fromState({
    ...header.lexical,
    lengths: next((buffer, at, count) => new Float64Array(buffer, at, count), 8),
    termSizes: next((buffer, at, count) => new Int32Array(buffer, at, count), 4),
    slots: next((buffer, at, count) => new Int32Array(buffer, at, count), 4),
    tfs: next((buffer, at, count) => new Float32Array(buffer, at, count), 4),
  });
  const vectors = header.vectors
    ? VectorMirror.fromState(
        header.vectors.map((matrix) => ({
          ...matrix,
          data: next((buffer, at, count) => new Float32Array(buffer, at, count), 4),
        })),
      )
    : null;
  return { generation: header.generation, statistics: header.statistics, lexical, vectors };
}

/** Snapshots of projects' mirrors in a folder, one file per project, replaced atomically. */
export class MirrorSnapshots {
  constructor(private readonly folder: string) {}

  private file(projectId: string): string {
    return join(this.folder, `${projectId}.snapshot`);
  }

  /** Writes the project's snapshot (through a temporary file, so a crash never leaves half of one). */
  async write(projectId: string, project: ProjectMirror): Promise<void> {
    const bytes = encodeSnapshot(projectId, project);
    await mkdir(this.folder, { recursive: true });
    const temporary = `${this.file(projectId)}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, this.file(projectId));
  }

  /** The project's snapshot; null when there is none. Throws when it is damaged. */
  async read(projectId: string): Promise<Omit<ProjectMirror, 'lastUsed'> | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(projectId));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
    return decodeSnapshot(bytes, projectId);
  }

  async remove(projectId: string): Promise<void> {
    await rm(this.file(projectId), { force: true });
  }
}
