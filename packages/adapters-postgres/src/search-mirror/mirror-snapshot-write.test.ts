import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LexicalMirror } from './lexical-mirror.js';
import { decodeSnapshot, encodeSnapshot, jsonSteps, MirrorSnapshots } from './mirror-snapshot.js';
import type { ProjectMirror } from './search-mirror.js';
import { VectorMirror } from './vector-mirror.js';

const projectId = '6f1d2a0e-5b7c-4d3e-9f10-2a3b4c5d6e7f';
const dimensions = 8;

/** Chunk `index` of document `documentIndex`: a few lexemes and a vector that differ per chunk. */
function chunk(documentIndex: number, index: number) {
  const chunkId = `chunk-${documentIndex}-${index}`;
  const documentId = `doc-${documentIndex}`;
  const lexemes = [`w${index % 7}`, `w${(index * 3) % 11}`, `d${documentIndex % 5}`].filter(
    (lexeme, position, all) => all.indexOf(lexeme) === position,
  );
  const values = Float32Array.from({ length: dimensions }, (_, d) =>
    Math.sin(index * 31 + documentIndex * 7 + d),
  );
  return {
    postings: {
      chunkId,
      documentId,
      chunkLength: 10 + (index % 5),
      lexemes,
      tfs: lexemes.map((_, i) => 1 + i),
    },
    vector: { chunkId, documentId, values },
  };
}

/** A project of `documents` documents of `chunks` chunks each, added one document at a time. */
function mirrorOf(documents: number, chunks: number): ProjectMirror {
  const lexical = new LexicalMirror();
  const vectors = new VectorMirror();
  for (let documentIndex = 0; documentIndex < documents; documentIndex += 1)
    add(lexical, vectors, documentIndex, chunks);
  return {
    generation: 7,
    statistics: { chunkCount: documents * chunks, totalLength: 1 },
    lexical,
    vectors,
    lastUsed: 0,
  };
}

function add(lexical: LexicalMirror, vectors: VectorMirror, documentIndex: number, chunks: number) {
  const made = Array.from({ length: chunks }, (_, index) => chunk(documentIndex, index));
  lexical.add(made.map((each) => each.postings));
  vectors.add(made.map((each) => each.vector));
}

describe('writing search mirror snapshots', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mirror-snapshot-write-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the mirror as it was when the write began, whatever changes while it is written', async () => {
    // 40 documents of 40 chunks, 8 removed (320 dead slots, compacted by the next write).
    const project = mirrorOf(40, 40);
    for (let documentIndex = 0; documentIndex < 8; documentIndex += 1) {
      project.lexical.removeDocument(`doc-${documentIndex}`);
      project.vectors!.removeDocument(`doc-${documentIndex}`);
    }
    const snapshots = new MirrorSnapshots(folder);
    const writing = snapshots.write(projectId, project);
    const expected = encodeSnapshot(projectId, project);
    // Meanwhile: new chunks land in the arrays' spare room, and enough removals to compact both
    // mirrors (more dead slots than live ones, over 1,024) into new arrays.
    add(project.lexical, project.vectors!, 100, 20);
    for (let documentIndex = 8; documentIndex < 40; documentIndex += 1) {
      project.lexical.removeDocument(`doc-${documentIndex}`);
      project.vectors!.removeDocument(`doc-${documentIndex}`);
    }
    add(project.lexical, project.vectors!, 101, 20);
    await writing;

    const written = readFileSync(join(folder, `${projectId}.snapshot`));
    expect(written.equals(expected)).toBe(true);
    const decoded = decodeSnapshot(written, projectId);
    expect(decoded.lexical.size).toBe(32 * 40);
    expect(decoded.vectors!.size).toBe(32 * 40);
    expect(decoded.lexical.chunkIdsOf('doc-100')).toEqual([]);
    expect(decoded.lexical.chunkIdsOf('doc-8')).toHaveLength(40);
    // The mirror itself moved on.
    expect(project.lexical.size).toBe(40);
    expect(encodeSnapshot(projectId, project).equals(expected)).toBe(false);
  });

  it('writes the same bytes as the snapshot encoded at once, and its copy round-trips', async () => {
    const project = mirrorOf(12, 70); // full and partly full matrices, lexemes of many sizes
    const snapshots = new MirrorSnapshots(folder);
    await snapshots.write(projectId, project);
    const written = readFileSync(join(folder, `${projectId}.snapshot`));
    expect(written.equals(encodeSnapshot(projectId, project))).toBe(true);
    const decoded = decodeSnapshot(written, projectId);
    expect(encodeSnapshot(projectId, { ...decoded, lastUsed: 0 }).equals(written)).toBe(true);
    const query = Array.from(chunk(3, 5).vector.values);
    expect(decoded.vectors!.query(query, 5, null)).toEqual(project.vectors!.query(query, 5, null));
    expect(decoded.vectors!.query(query, 5, null).map((hit) => hit.chunkId)).toContain('chunk-3-5');
  });

  it('writes a header of over a MiB in slices, as it was when the write began', async () => {
    const snapshots = new MirrorSnapshots(folder);
    const project = mirrorOf(600, 100); // 60,000 chunk ids: the header's JSON is made in slices
    const writing = snapshots.write(projectId, project);
    const expected = encodeSnapshot(projectId, project);
    expect(expected.readUInt32LE(6)).toBeGreaterThan(1024 * 1024);
    add(project.lexical, project.vectors!, 1000, 50);
    for (let documentIndex = 0; documentIndex < 400; documentIndex += 1) {
      project.lexical.removeDocument(`doc-${documentIndex}`);
      project.vectors!.removeDocument(`doc-${documentIndex}`);
    }
    await writing;
    const written = readFileSync(join(folder, `${projectId}.snapshot`));
    expect(written.equals(expected)).toBe(true);
    expect(decodeSnapshot(written, projectId).lexical.size).toBe(60_000);
  });

  it('runs writes of one folder one at a time: the last one begun is the file left, and no temporary file', async () => {
    const snapshots = new MirrorSnapshots(folder);
    const first = mirrorOf(3, 10);
    const second = { ...mirrorOf(5, 10), generation: 9 };
    await Promise.all([snapshots.write(projectId, first), snapshots.write(projectId, second)]);
    const written = readFileSync(join(folder, `${projectId}.snapshot`));
    expect(written.equals(encodeSnapshot(projectId, second))).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a write that fails and leaves the previous snapshot, and the next write still runs', async () => {
    const snapshots = new MirrorSnapshots(join(folder, 'nested'));
    await snapshots.write(projectId, mirrorOf(2, 5));
    const before = readFileSync(join(folder, 'nested', `${projectId}.snapshot`));
    const broken = mirrorOf(2, 5);
    broken.lexical.stateView = () => {
      throw new Error('mirror unreadable');
    };
    await expect(snapshots.write(projectId, broken)).rejects.toThrow('mirror unreadable');
    expect(readFileSync(join(folder, 'nested', `${projectId}.snapshot`)).equals(before)).toBe(true);
    const next = mirrorOf(4, 5);
    await snapshots.write(projectId, next);
    expect(
      readFileSync(join(folder, 'nested', `${projectId}.snapshot`)).equals(encodeSnapshot(projectId, next)),
    ).toBe(true);
  });

  it('reads a snapshot back with its body in a buffer of its own (the header is not kept), and refuses a cut one', async () => {
    const snapshots = new MirrorSnapshots(join(folder, 'read'));
    const project = mirrorOf(10, 70); // 700 chunks: a full matrix of 8 dimensions is kept as read
    await snapshots.write(projectId, project);
    const file = join(folder, 'read', `${projectId}.snapshot`);
    const bytes = readFileSync(file);
    const restored = (await snapshots.read(projectId))!;
    expect(encodeSnapshot(projectId, { ...restored, lastUsed: 0 }).equals(bytes)).toBe(true);
    const headerLength = bytes.readUInt32LE(6);
    const bodyLength = bytes.length - Math.ceil((10 + headerLength) / 8) * 8;
    const [values] = restored.vectors!.stateView()[0]!.data;
    expect(values!.buffer.byteLength).toBe(bodyLength);
    expect(await new MirrorSnapshots(join(folder, 'none')).read(projectId)).toBeNull();

    writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    await expect(snapshots.read(projectId)).rejects.toThrow(/checksum|out of bounds/);
    writeFileSync(file, bytes.subarray(0, 200));
    await expect(snapshots.read(projectId)).rejects.toThrow(/out of bounds/);
    writeFileSync(file, bytes.subarray(0, 4));
    await expect(snapshots.read(projectId)).rejects.toThrow(/not a search mirror snapshot/);
  });
});

describe('jsonSteps', () => {
  const joined = (value: unknown) => [...jsonSteps(value)].join('');

  it('gives the text JSON.stringify gives, for any JSON value and objects with fields it leaves out', () => {
    const withGaps = fc.dictionary(
      fc.string(),
      fc.oneof(
        fc.jsonValue(),
        fc.constant(undefined),
        fc.constant(() => 1),
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withGaps, fc.array(withGaps)), (value) => {
        expect(joined(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('gives long arrays in slices, to the same text, values JSON has no form for included', () => {
    const long = Array.from({ length: 20_000 }, (_, index) =>
      index % 1_000 === 0 ? undefined : index % 3 === 0 ? `id-"${index}"\u2028` : index / 7,
    );
    const value = {
      ids: long,
      nested: [{ more: long.slice(0, 9_000) }],
      at: new Date(0),
      typed: new Int32Array(3),
    };
    expect([...jsonSteps(value.ids)].length).toBeGreaterThan(2);
    // A short array holding a long one (the header's vector matrices) is taken apart too.
    const matrices = [{ dimensions: 8, chunkIds: long }, [long.slice(0, 10), undefined, 'x']];
    expect([...jsonSteps(matrices)].length).toBeGreaterThan(4);
    expect(joined(matrices)).toBe(JSON.stringify(matrices));
    expect(joined(value)).toBe(JSON.stringify(value));
    expect(joined(long.slice(0, 8_192))).toBe(JSON.stringify(long.slice(0, 8_192)));
    expect(joined(long.slice(0, 8_193))).toBe(JSON.stringify(long.slice(0, 8_193)));
  });
});
