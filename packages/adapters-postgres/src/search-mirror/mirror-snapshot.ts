import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { type LexicalState, LexicalMirror } from './lexical-mirror.js';
import type { ProjectMirror } from './search-mirror.js';
import { type VectorState, VectorMirror } from './vector-mirror.js';

const magic = 'CBSM1\n';
/** The magic and the header's length (a 32-bit little-endian integer). */
const leadBytes = magic.length + 4;
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
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

type Checksum = Pick<Header, 'crc32' | 'sha256'>;

/**
 * The checksum of a body given in pieces, as of the pieces joined, stopping after every
 * `checksumSliceBytes` (the caller may give the event loop a turn there; the pieces must not
 * change meanwhile).
 */
function* checksumSteps(body: readonly Uint8Array[]): Generator<void, Checksum> {
  let value = 0;
  const hash = crc32 ? null : createHash('sha256');
  let sinceLastStop = 0;
  for (const piece of body) {
    for (let offset = 0; offset < piece.byteLength; offset += checksumSliceBytes) {
      const slice =
        piece.byteLength <= checksumSliceBytes ? piece : piece.subarray(offset, offset + checksumSliceBytes);
      if (crc32) value = crc32(slice, value);
      else hash!.update(slice);
      sinceLastStop += slice.byteLength;
      if (sinceLastStop >= checksumSliceBytes) {
        sinceLastStop = 0;
        yield;
      }
    }
  }
  return hash ? { sha256: hash.digest('hex') } : { crc32: value };
}

/** The checksum at once. */
function checksumNow(body: readonly Uint8Array[]): Checksum {
  const steps = checksumSteps(body);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The checksum, giving the event loop a turn between slices. */
async function checksumBetweenTurns(body: readonly Uint8Array[]): Promise<Checksum> {
  const steps = checksumSteps(body);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether the body matches the header's checksum; false when it has none this Node can verify. */
function checksumHolds(header: Header, body: Uint8Array): boolean {
  if (header.crc32 !== undefined) return crc32 !== undefined && crc32(body) === header.crc32;
  if (header.sha256 !== undefined) return createHash('sha256').update(body).digest('hex') === header.sha256;
  return false;
}

const padded = (length: number) => Math.ceil(length / 8) * 8;
/** Pieces per `writev` (the system's limit is 1,024 buffers per call). */
const piecesPerWrite = 1_000;
/** Bytes checksummed between two turns of the event loop. */
const checksumSliceBytes = 8 * 1024 * 1024;
const zeros = new Uint8Array(8);
const bytesOf = (part: Part) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength);

/** A snapshot as taken: its header without the checksum, and its body in pieces. */
interface Taken {
  header: Omit<Header, 'crc32' | 'sha256'>;
  body: Uint8Array[];
}

/**
 * A project's mirror at its generation, taken synchronously so no change can interleave: the
 * header without its checksum, and the body as views of the mirror's own arrays (not copies),
 * each part padded to 8 bytes. The views stay valid while the mirror moves on
 * (`LexicalMirror.stateView`, `VectorMirror.stateView`), so the body can be checked and written
 * out afterwards.
 */
function take(projectId: string, project: ProjectMirror): Taken {
  const { lengths, termSizes, slots, tfs, ...lexical } = project.lexical.stateView();
  const vectorStates = project.vectors?.stateView() ?? null;
  const parts: Part[][] = [
    [lengths],
    [termSizes],
    slots,
    tfs,
    ...(vectorStates ?? []).map((matrix) => matrix.data),
  ];
  const body: Uint8Array[] = [];
  const sizes: number[] = [];
  for (const part of parts) {
    let size = 0;
    for (const piece of part) {
      if (piece.byteLength === 0) continue;
      body.push(bytesOf(piece));
      size += piece.byteLength;
    }
    if (padded(size) > size) body.push(zeros.subarray(0, padded(size) - size));
    sizes.push(size);
  }
  const header = {
    projectId,
    generation: project.generation,
    statistics: project.statistics,
    lexical,
    vectors: vectorStates?.map(({ data: _data, ...matrix }) => matrix) ?? null,
    parts: sizes,
  };
  return { header, body };
}

/** Elements of a large array turned into JSON at once (see `jsonSteps`). */
const jsonSliceElements = 8_192;

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** A value JSON gives in one piece inside an array (`null` for those it has no form for). */
const isScalar = (value: unknown) => value === null || typeof value !== 'object';

/**
 * `JSON.stringify(value)` in pieces, to the same text: plain objects and arrays are taken apart,
 * and a run of scalars in an array is given `jsonSliceElements` at a time, so the caller can
 * stop between pieces; anything else (or anything with `toJSON`) is given whole.
 */
export function* jsonSteps(value: unknown): Generator<string> {
  if (value === null || typeof value !== 'object' || 'toJSON' in value) {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length <= jsonSliceElements && value.every(isScalar)) {
      yield JSON.stringify(value);
      return;
    }
    yield '[';
    for (let index = 0; index < value.length; ) {
      if (index > 0) yield ',';
      if (!isScalar(value[index])) {
        yield* jsonSteps(value[index]);
        index += 1;
        continue;
      }
      let end = index + 1;
      while (end < value.length && end - index < jsonSliceElements && isScalar(value[end])) end += 1;
      yield JSON.stringify(value.slice(index, end)).slice(1, -1);
      index = end;
    }
    yield ']';
    return;
  }
  if (!isPlainObject(value)) {
    yield JSON.stringify(value);
    return;
  }
  let first = true;
  yield '{';
  for (const [key, field] of Object.entries(value)) {
    // What JSON.stringify leaves out of an object.
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonSteps(field);
  }
  yield '}';
}

/** Characters of JSON made between two turns of the event loop. */
const jsonCharactersPerTurn = 1024 * 1024;

/**
 * The header's JSON as UTF-8, in pieces, with a turn of the event loop after each million
 * characters: at 100k chunks it is about 12 MiB of chunk ids, lexemes and document indexes, which
 * `JSON.stringify` made in one 65–85 ms step. Its arrays are the snapshot's own (see `take`).
 */
async function headerJsonBetweenTurns(header: Header): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  for (const text of jsonSteps(header)) {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= jsonCharactersPerTurn) {
      pieces.push(Buffer.from(pending.join('')));
      pending = [];
      pendingLength = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (pending.length > 0) pieces.push(Buffer.from(pending.join('')));
  return pieces;
}

/** The pieces of a snapshot before its body: the magic, the header's length, its JSON, padding. */
function prefixPieces(json: readonly Buffer[]): Buffer[] {
  const length = json.reduce((total, piece) => total + piece.length, 0);
  const lead = Buffer.alloc(leadBytes);
  lead.write(magic, 0, 'latin1');
  lead.writeUInt32LE(length, magic.length);
  const padding = padded(leadBytes + length) - (leadBytes + length);
  return [lead, ...json, ...(padding > 0 ? [Buffer.from(zeros.subarray(0, padding))] : [])];
}

/** The magic, the header's length and the header, padded to 8 bytes, in one buffer. */
function prefixOf(header: Header): Buffer {
  return Buffer.concat(prefixPieces([Buffer.from(JSON.stringify(header))]));
}

/** Encodes a project's mirror at its generation into one buffer. */
export function encodeSnapshot(projectId: string, project: ProjectMirror): Buffer {
  const { header, body } = take(projectId, project);
  return Buffer.concat([prefixOf({ ...header, ...checksumNow(body) }), ...body]);
}

/** Decodes a snapshot; throws on any damage (wrong magic, bad header, checksum mismatch). */
export function decodeSnapshot(bytes: Buffer, projectId: string): Omit<ProjectMirror, 'lastUsed'> {
  const length = headerLength(bytes);
  if (bytes.length < magic.length + 4 + length) throw new Error('snapshot header out of bounds');
  const json = bytes.subarray(magic.length + 4, magic.length + 4 + length);
  return decodeParts(json, bytes.subarray(padded(magic.length + 4 + length)), projectId);
}

/** The header's length, from the first bytes of a snapshot (`leadBytes` of them at least). */
function headerLength(lead: Buffer): number {
  if (lead.length < leadBytes || lead.toString('latin1', 0, magic.length) !== magic)
    throw new Error('not a search mirror snapshot');
  return lead.readUInt32LE(magic.length);
}

/** A snapshot from its header's JSON and its body, given apart. */
function decodeParts(json: Uint8Array, body: Buffer, projectId: string): Omit<ProjectMirror, 'lastUsed'> {
  const header = JSON.parse(
    Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'),
  ) as Header;
  if (header.projectId !== projectId) throw new Error('snapshot of another project');
  if (!checksumHolds(header, body)) throw new Error('snapshot checksum mismatch');
  // The typed arrays are views of the body's buffer (parts are 8-byte aligned within it), so the
  // mirror takes the bytes read without copying them; a body at an unaligned offset (a small
  // buffer from Node's pool) is copied first.
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

/** `length` bytes of the file from `position`, into a buffer of their own (aligned: offset 0). */
async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('snapshot ends early');
    done += bytesRead;
  }
  return buffer;
}

/** Snapshots of projects' mirrors in a folder, one file per project, replaced atomically. */
export class MirrorSnapshots {
  /** The write under way (writes of this folder run one at a time). */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly folder: string) {}

  private file(projectId: string): string {
    return join(this.folder, `${projectId}.snapshot`);
  }

  /**
   * Writes the project's snapshot through a temporary file, so a crash never leaves half of one.
   * The mirror is taken at once; its checksum, its header's JSON and the writes then leave the
   * event loop turns between slices. Writes of this folder run one at a time.
   */
  write(projectId: string, project: ProjectMirror): Promise<void> {
    let taken: Taken;
    try {
      taken = take(projectId, project);
    } catch (error) {
      return Promise.reject(error);
    }
    const written = this.writing.then(() => this.writeTaken(projectId, taken));
    this.writing = written.catch(() => undefined);
    return written;
  }

  private async writeTaken(projectId: string, { header, body }: Taken): Promise<void> {
    const checksum = await checksumBetweenTurns(body);
    const json = await headerJsonBetweenTurns({ ...header, ...checksum });
    const pieces = [...prefixPieces(json), ...body];
    await mkdir(this.folder, { recursive: true });
    const temporary = `${this.file(projectId)}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      for (let start = 0; start < pieces.length; start += piecesPerWrite) {
        const batch = pieces.slice(start, start + piecesPerWrite);
        const expected = batch.reduce((total, piece) => total + piece.byteLength, 0);
        const { bytesWritten } = await handle.writev(batch);
        if (bytesWritten !== expected) throw new Error('snapshot written in part');
      }
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temporary, this.file(projectId));
  }

  /** The project's snapshot; null when there is none. Throws when it is damaged. */
  async read(projectId: string): Promise<Omit<ProjectMirror, 'lastUsed'> | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.file(projectId), 'r');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
    try {
      // The header and the body are read into buffers of their own: the mirror keeps views of
      // the body, and the header (12 MiB of JSON at 100k chunks) is free once parsed.
      const { size } = await handle.stat();
      const lead = await readExactly(handle, 0, Math.min(leadBytes, size));
      const length = headerLength(lead);
      const start = padded(leadBytes + length);
      if (start > size) throw new Error('snapshot header out of bounds');
      const json = await readExactly(handle, leadBytes, length);
      const body = await readExactly(handle, start, size - start);
      return decodeParts(json, body, projectId);
    } finally {
      await handle.close();
    }
  }

  async remove(projectId: string): Promise<void> {
    await rm(this.file(projectId), { force: true });
  }
}
