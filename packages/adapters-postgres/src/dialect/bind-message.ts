/**
 * The protocol's Bind message for a prepared statement, written once into a buffer of its exact
 * size: the unnamed portal, each value as text (a string), binary (bytes) or NULL, and every
 * result column as text. The same bytes as PGlite's `protocol.serialize.bind({ statement, values })`,
 * whose writer grows its buffers by half again and copies them at each step, then copies the
 * values' part into the message and the message out: seven bytes allocated per byte of value (124 KB
 * for a new document's 18 chunks), in the thread that also runs the database, where the garbage
 * made it collect its old generation four times a second during uploads. The messages sent with
 * it (execute, sync, a short transaction's begin and commit) go into the same buffer, so the call
 * is not copied once more.
 */
export function bindMessage(
  statement: string,
  values: readonly (string | Uint8Array | null)[],
  /** Messages sent in the same call, written before and after the Bind into the same buffer. */
  around: { before?: Uint8Array; after?: Uint8Array } = {},
): Uint8Array {
  const { before, after } = around;
  const statementBytes = Buffer.byteLength(statement);
  let size = 1 + 4 + 1 + statementBytes + 1 + 2 + 2 * values.length + 2 + 2;
  for (const value of values) {
    size += 4;
    if (value === null) continue;
    size += typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
  }
  const bindEnd = (before?.byteLength ?? 0) + size;
  const bytes = Buffer.allocUnsafe(bindEnd + (after?.byteLength ?? 0));
  if (before) bytes.set(before, 0);
  let offset = bytes.writeUInt8(0x42, before?.byteLength ?? 0); // 'B'
  offset = bytes.writeInt32BE(size - 1, offset);
  offset = bytes.writeUInt8(0, offset); // the unnamed portal
  offset += bytes.write(statement, offset);
  offset = bytes.writeUInt8(0, offset);
  offset = bytes.writeUInt16BE(values.length, offset);
  for (const value of values) offset = bytes.writeInt16BE(value instanceof Uint8Array ? 1 : 0, offset);
  offset = bytes.writeUInt16BE(values.length, offset);
  for (const value of values) {
    if (value === null) {
      offset = bytes.writeInt32BE(-1, offset);
    } else if (typeof value === 'string') {
      const length = bytes.write(value, offset + 4);
      bytes.writeInt32BE(length, offset);
      offset += 4 + length;
    } else {
      offset = bytes.writeInt32BE(value.byteLength, offset);
      bytes.set(value, offset);
      offset += value.byteLength;
    }
  }
  bytes.writeUInt16BE(0, offset); // no result format codes: every column as text
  if (after) bytes.set(after, bindEnd);
  return bytes;
}
