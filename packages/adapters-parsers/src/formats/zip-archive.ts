import { inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { unprocessableDocument } from '../parse-errors.js';

/** Limits that keep a small upload from expanding into gigabytes (a "zip bomb"). */
export interface ZipLimits {
  maxEntries: number;
  /** Budget for the inflated size of the entries read. */
  maxTotalBytes: number;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const inflate = promisify(inflateRaw);

/**
 * Reads a ZIP archive's central directory and inflates the entries `selected` keeps within a total
 * budget, so that lying size headers cannot get past it. Returns those entries' contents by name.
 * Inflating runs on the libuv thread pool: tens of megabytes must not stall the event loop.
 * @throws DomainError `unprocessable_document` when the archive is damaged or exceeds the limits.
 */
export async function readZip(
  bytes: Uint8Array,
  limits: ZipLimits,
  selected: (name: string) => boolean,
): Promise<Map<string, Buffer>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buffer, limits);
  const files = new Map<string, Buffer>();
  let budget = limits.maxTotalBytes;
  for (const entry of entries) {
    if (!selected(entry.name)) continue;
    if (entry.size > budget) throw tooLarge(limits);
    const content = await entryContent(buffer, entry, budget);
    if (content.length !== entry.size) throw damaged('an entry does not match its declared size');
    budget -= content.length;
    files.set(entry.name, content);
  }
  return files;
}

function centralDirectory(buffer: Buffer, limits: ZipLimits): ZipEntry[] {
  const end = findEndOfCentralDirectory(buffer);
  let count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== 0x07064b50) throw damaged('bad ZIP64 locator');
    const zip64End = Number(buffer.readBigUInt64LE(locator + 8));
    if (zip64End + 56 > buffer.length || buffer.readUInt32LE(zip64End) !== 0x06064b50)
      throw damaged('bad ZIP64 end');
    count = Number(buffer.readBigUInt64LE(zip64End + 32));
    offset = Number(buffer.readBigUInt64LE(zip64End + 48));
  }
  if (count > limits.maxEntries) throw tooLarge(limits);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50)
      throw damaged('bad directory');
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      size: buffer.readUInt32LE(offset + 24),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    };
    applyZip64Extra(entry, buffer.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength));
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let offset = buffer.length - 22; offset >= earliest; offset--) {
    if (buffer.readUInt32LE(offset) === 0x06054b50) return offset;
  }
  throw damaged('no end of central directory');
}

/** ZIP64 stores sizes and offsets that overflow 32 bits in extra field 0x0001, in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let offset = 0; offset + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(offset);
    const length = extra.readUInt16LE(offset + 2);
    if (id === 0x0001) {
      let field = offset + 4;
      const next = () => {
        if (field + 8 > offset + 4 + length || field + 8 > extra.length) throw damaged('bad ZIP64 field');
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    offset += 4 + length;
  }
}

async function entryContent(buffer: Buffer, entry: ZipEntry, budget: number): Promise<Buffer> {
  const header = entry.localHeaderOffset;
  if (header + 30 > buffer.length || buffer.readUInt32LE(header) !== 0x04034b50)
    throw damaged('bad entry header');
  const start = header + 30 + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  if (start + entry.compressedSize > buffer.length) throw damaged('truncated entry');
  const data = buffer.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw damaged('unsupported compression');
  try {
    return await inflate(data, { maxOutputLength: Math.max(1, Math.min(budget, entry.size + 1)) });
  } catch (error) {
    if (error instanceof RangeError) throw damaged('an entry inflates beyond its declared size');
    throw damaged('an entry cannot be inflated');
  }
}

function damaged(reason: string) {
  return unprocessableDocument('The DOCX file is damaged (not a readable ZIP archive)', { reason });
}

function tooLarge(limits: ZipLimits) {
  return unprocessableDocument('The DOCX file expands beyond the size we read', {
    reason: 'too_large',
    maxEntries: limits.maxEntries,
    maxTotalBytes: limits.maxTotalBytes,
  });
}
