import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBm25Parameters, type EmbeddedChunk } from '@chatbuddy/core';
import { makeChunk, makeDocument, makeProject, makeUser, RecordingLogger } from '@chatbuddy/core/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresPersistence, type PostgresPersistence } from '../postgres-persistence.js';
import { SearchChangeFeed } from './change-feed.js';
import { decodeSnapshot, encodeSnapshot } from './mirror-snapshot.js';
import { SearchMirror } from './search-mirror.js';

vi.setConfig({ testTimeout: 60_000 });

const texts = [
  'refunds take fourteen days from the date of purchase',
  'shipping to europe takes three to five working days',
  'our support team answers email within one business day',
  'gift cards never expire and cannot be refunded',
  'returns need the original receipt and packaging',
];

/** A small unit vector of dimension 4 for chunk `index`. */
const vectorOf = (index: number) => [1, index % 3, (index * 7) % 5, index % 2].map((value) => value / 4);

describe('search mirror snapshots', () => {
  const logger = new RecordingLogger();
  const folder = mkdtempSync(join(tmpdir(), 'mirror-snapshot-'));
  let persistence: PostgresPersistence;

  beforeAll(async () => {
    persistence = await createPostgresPersistence({
      dataDir: 'memory',
      searchMirror: { blockingLoad: true },
    });
    await persistence.migrate();
  }, 120_000);

  afterAll(async () => {
    await persistence?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** A mirror over the same database reading and writing snapshots in `folder`. */
  const mirror = (snapshotFolder: string | undefined = folder) =>
    new SearchMirror(persistence.db, { vectors: true, blockingLoad: true, logger, snapshotFolder });

  /** A project with `documents` documents of three chunks and vectors, and a way to write more. */
  async function project(documents = 3) {
    const { repositories } = persistence;
    const owner = await repositories.users.create(makeUser());
    const created = await repositories.projects.create(makeProject(owner.id));
    const write = async (documentIndex: number, chunkTexts: string[]) => {
      const document = await repositories.documents.create(makeDocument(created.id));
      const chunks = chunkTexts.map((text, position) => makeChunk(created.id, document.id, position, text));
      const embedded: EmbeddedChunk[] = chunks.map((chunk, index) => ({
        chunk,
        embedding: vectorOf(documentIndex * 10 + index),
      }));
      await persistence.vectorStore!.upsert(created.id, embedded);
      await repositories.documents.replaceChunks(created.id, document.id, chunks);
      return document.id;
    };
    const documentIds: string[] = [];
    for (let index = 0; index < documents; index += 1)
      documentIds.push(await write(index, texts.slice(index % 3, (index % 3) + 3)));
    return { projectId: created.id, write, documentIds };
  }

  /** Every ranking the mirror can give for a few queries (lexical and vector). */
  async function rankings(subject: SearchMirror, projectId: string) {
    const loaded = await subject.ready(projectId);
    expect(loaded).not.toBeNull();
    const lexical = ['refund', 'day', 'ship', 'receipt'].map((lexeme) =>
      loaded!.lexical.search([{ lexeme, weight: 1 }], 10, loaded!.statistics, null, defaultBm25Parameters),
    );
    const vectors = [0, 3, 7].map((index) => loaded!.vectors!.query(vectorOf(index), 10, null));
    return { generation: loaded!.generation, statistics: loaded!.statistics, lexical, vectors };
  }

  /** Runs `work` while the BM25 terms table cannot be read (so only a snapshot can load). */
  async function withoutTerms<T>(work: () => Promise<T>): Promise<T> {
    await sql`alter table lexical_chunk_terms rename to lexical_chunk_terms_hidden`.execute(persistence.db);
    try {
      return await work();
    } finally {
      await sql`alter table lexical_chunk_terms_hidden rename to lexical_chunk_terms`.execute(persistence.db);
    }
  }

  it('round-trips a project exactly: same bytes again, same rankings, without reading the postings', async () => {
    const { projectId } = await project();
    const original = mirror();
    expect(await original.load(projectId)).toBe(true);
    expect(await original.writeSnapshots()).toBe(1);
    expect(await original.writeSnapshots()).toBe(0); // nothing moved since
    const bytes = readFileSync(join(folder, `${projectId}.snapshot`));
    const decoded = decodeSnapshot(bytes, projectId);
    expect(encodeSnapshot(projectId, { ...decoded, lastUsed: 0 }).equals(bytes)).toBe(true);

    const restored = mirror();
    expect(await withoutTerms(() => restored.load(projectId))).toBe(true);
    expect(await rankings(restored, projectId)).toEqual(await rankings(original, projectId));
    expect((await rankings(original, projectId)).lexical[0]!.length).toBeGreaterThan(0);
  });

  it('brings a stale snapshot up to date from the change feed', async () => {
    const { projectId, write } = await project();
    const writer = mirror();
    await writer.load(projectId);
    await writer.writeSnapshots();
    await write(7, ['warranty covers two years of repairs']);

    const restored = mirror();
    expect(await restored.load(projectId)).toBe(true);
    const fresh = mirror(undefined);
    expect(await fresh.load(projectId)).toBe(true);
    const expected = await rankings(fresh, projectId);
    expect(await rankings(restored, projectId)).toEqual(expected);
    const warranty = (await restored.ready(projectId))!.lexical.search(
      [{ lexeme: 'warranti', weight: 1 }],
      5,
      expected.statistics,
      null,
      defaultBm25Parameters,
    );
    expect(warranty).toHaveLength(1);
  });

  it('restores a large project onto the bytes read, and changes after it never write into them', async () => {
    // 75 chunks: the vectors are taken as they lie in the file, not copied into a roomier matrix.
    const { projectId, write, documentIds } = await project(25);
    const writer = mirror();
    await writer.load(projectId);
    await writer.writeSnapshots();
    const bytes = readFileSync(join(folder, `${projectId}.snapshot`));
    const before = Buffer.from(bytes);
    const decoded = decodeSnapshot(bytes, projectId);
    const [postings, vectors] = [decoded.lexical, decoded.vectors!];
    postings.removeDocument(documentIds[4]!);
    vectors.removeDocument(documentIds[4]!);
    for (let index = 0; index < 70; index += 1) {
      const chunkId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      const documentId = '00000000-0000-4000-8000-ffffffffffff';
      postings.add([{ chunkId, documentId, chunkLength: 3, lexemes: ['refund', 'day'], tfs: [1, 2] }]);
      vectors.add([{ chunkId, documentId, values: new Float32Array(vectorOf(index + 1)) }]);
    }
    expect(bytes.equals(before)).toBe(true);
    expect([postings.size, vectors.size]).toEqual([75 - 3 + 70, 75 - 3 + 70]);

    // Through the mirror: restored from the snapshot, then caught up, it ranks as a fresh load does.
    const restored = mirror();
    expect(await withoutTerms(() => restored.load(projectId))).toBe(true);
    await write(40, ['warranty covers two years of repairs', ...texts]);
    const fresh = mirror(undefined);
    expect(await fresh.load(projectId)).toBe(true);
    expect(await rankings(restored, projectId)).toEqual(await rankings(fresh, projectId));
  });

  it('reads the database when the feed no longer reaches back to the snapshot', async () => {
    const { projectId, write } = await project();
    const writer = mirror();
    await writer.load(projectId);
    await writer.writeSnapshots();
    await write(8, ['loyalty points double on weekends']);
    await new SearchChangeFeed(persistence.db).prune(new Date(Date.now() + 3600_000));

    const restored = mirror();
    // The snapshot cannot be brought up to date, so only the postings table can load the project.
    expect(await withoutTerms(() => restored.load(projectId))).toBe(false);
    expect(await restored.load(projectId)).toBe(true);
    const fresh = mirror(undefined);
    await fresh.load(projectId);
    expect(await rankings(restored, projectId)).toEqual(await rankings(fresh, projectId));
  });

  it('ignores a snapshot from a later generation than the database', async () => {
    const { projectId } = await project();
    const writer = mirror();
    await writer.load(projectId);
    const loaded = (await writer.ready(projectId))!;
    const file = join(folder, `${projectId}.snapshot`);
    writeFileSync(file, encodeSnapshot(projectId, { ...loaded, generation: loaded.generation + 5 }));
    expect(await withoutTerms(() => mirror().load(projectId))).toBe(false);
    expect(await mirror().load(projectId)).toBe(true);
  });

  it('ignores a damaged or truncated snapshot, with a warning, and loads from the database', async () => {
    const { projectId } = await project();
    const writer = mirror();
    await writer.load(projectId);
    await writer.writeSnapshots();
    const file = join(folder, `${projectId}.snapshot`);
    const bytes = readFileSync(file);
    const expected = await rankings(writer, projectId);
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0xff;
    for (const broken of [damaged, bytes.subarray(0, bytes.length / 2), Buffer.from('not a snapshot')]) {
      writeFileSync(file, broken);
      logger.warnings.length = 0;
      const restored = mirror();
      expect(await restored.load(projectId)).toBe(true);
      expect(await rankings(restored, projectId)).toEqual(expected);
      expect(logger.warnings.map((warning) => warning.message)).toEqual([
        'search mirror snapshot is damaged; loading from the database',
      ]);
    }
    expect(() => decodeSnapshot(damaged, projectId)).toThrow(/checksum/);
    expect(() => decodeSnapshot(bytes, '00000000-0000-4000-8000-000000000000')).toThrow(/another project/);
  });

  it('reads a snapshot checked by SHA-256, as written before CRC-32, and refuses a wrong one', async () => {
    const { projectId } = await project();
    const writer = mirror();
    await writer.load(projectId);
    const bytes = encodeSnapshot(projectId, (await writer.ready(projectId))!);
    const magic = 'CBSM1\n';
    const length = bytes.readUInt32LE(magic.length);
    const padded = (size: number) => Math.ceil(size / 8) * 8;
    const body = bytes.subarray(padded(magic.length + 4 + length));
    const { crc32: _crc32, ...header } = JSON.parse(
      bytes.toString('utf8', magic.length + 4, magic.length + 4 + length),
    );
    expect(typeof _crc32).toBe('number');
    const withSha = (sha256: string) => {
      const json = Buffer.from(JSON.stringify({ ...header, sha256 }));
      const prefix = Buffer.alloc(padded(magic.length + 4 + json.length));
      prefix.write(magic, 0, 'latin1');
      prefix.writeUInt32LE(json.length, magic.length);
      json.copy(prefix, magic.length + 4);
      return Buffer.concat([prefix, body]);
    };
    const sha256 = createHash('sha256').update(body).digest('hex');
    const decoded = decodeSnapshot(withSha(sha256), projectId);
    expect(encodeSnapshot(projectId, { ...decoded, lastUsed: 0 }).equals(bytes)).toBe(true);
    expect(() => decodeSnapshot(withSha('0'.repeat(64)), projectId)).toThrow(/checksum/);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(folder).filter((name) => !name.endsWith('.snapshot'))).toEqual([]);
  });
});
