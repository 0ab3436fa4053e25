import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { VectorStore } from '../../ports/vector-store.port.js';
import { embedded, fixtureId, makeChunk, unitVector } from './fixtures.js';

export interface VectorStoreContractOptions {
  makeSubject: () => Promise<VectorStore> | VectorStore;
  /** Dimension of the vectors used (the store may be created for a fixed dimension). */
  dimensions?: number;
  /** Projects to create before use, when the store needs them (e.g. foreign keys). */
  prepareProject?: (projectId: string, documentIds: string[]) => Promise<void>;
  numRuns?: number;
  /**
   * The unit of work deployed beside the store: a store that says its writes are independent of
   * it must write and read while one of its transactions is open.
   */
  unitOfWork?: () => UnitOfWork;
}

/** Behaviour every `VectorStore` must have. */
export function vectorStoreContract(name: string, options: VectorStoreContractOptions): void {
  const dimensions = options.dimensions ?? 8;
  const setup = async (documents = 2) => {
    const store = await options.makeSubject();
    const projectId = fixtureId();
    const documentIds = Array.from({ length: documents }, fixtureId);
    await options.prepareProject?.(projectId, documentIds);
    return { store, projectId, documentIds };
  };

  describe(`VectorStore contract: ${name}`, () => {
    it('writes beside an open unit of work when it says its writes are independent of it', async () => {
      const { store, projectId, documentIds } = await setup();
      expect(typeof store.writesIndependentOfUnitOfWork).toBe('boolean');
      if (!options.unitOfWork || !store.writesIndependentOfUnitOfWork) return;
      const chunk = makeChunk(projectId, documentIds[0]!, 0, 'beside a transaction');
      const stored = await options.unitOfWork().run(async () => {
        await store.upsert(projectId, [embedded(chunk, unitVector(dimensions, 0))]);
        return store.listChunkIds(projectId, documentIds[0]!);
      });
      expect(stored).toEqual([chunk.id]);
    });

    it('writes in a transaction of the unit of work when it offers to: committed or rolled back with it', async () => {
      const { store, projectId, documentIds } = await setup();
      if (!store.inTransaction) return;
      expect(
        options.unitOfWork,
        'a store that writes in transactions is tested with its unit of work',
      ).toBeDefined();
      const unitOfWork = options.unitOfWork!();
      const kept = makeChunk(projectId, documentIds[0]!, 0, 'committed');
      const dropped = makeChunk(projectId, documentIds[1]!, 0, 'rolled back');
      await unitOfWork.run(async (repositories) => {
        await store.inTransaction!(repositories).upsert(projectId, [
          embedded(kept, unitVector(dimensions, 0)),
        ]);
        await store.inTransaction!(repositories).upsert(projectId, []);
      });
      const failure = new Error('the rest of the work failed');
      await expect(
        unitOfWork.run(async (repositories) => {
          await store.inTransaction!(repositories).upsert(projectId, [
            embedded(dropped, unitVector(dimensions, 1)),
            embedded({ ...kept, text: 'changed' }, unitVector(dimensions, 2)),
          ]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.listChunkIds(projectId, documentIds[0]!)).toEqual([kept.id]);
      expect(await store.listChunkIds(projectId, documentIds[1]!)).toEqual([]);
      const [hit] = await store.query(projectId, { embedding: unitVector(dimensions, 0), topK: 5 });
      expect(hit).toMatchObject({ chunk: { id: kept.id, text: 'committed' } });
      expect(hit!.score).toBeGreaterThan(0.99);
    });

    it('refuses to write in repositories that are not of its unit of work', async () => {
      const { store } = await setup();
      if (!store.inTransaction) return;
      expect(() => store.inTransaction!({} as never)).toThrow();
    });

    it('returns the nearest chunks first with cosine scores and full chunk data', async () => {
      const { store, projectId, documentIds } = await setup();
      const chunks = [0, 1, 2].map((position) =>
        makeChunk(projectId, documentIds[0]!, position, `text ${position} ✓ "quoted"`),
      );
      await store.upsert(
        projectId,
        chunks.map((chunk, index) => embedded(chunk, unitVector(dimensions, index))),
      );
      const results = await store.query(projectId, { embedding: unitVector(dimensions, 1, 0.1), topK: 2 });
      expect(results).toHaveLength(2);
      expect(results[0]!.chunk).toEqual(chunks[1]);
      expect(results[0]!.score).toBeGreaterThan(0.99);
      expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    });

    it('stores every vector of an upsert of more than a thousand', async () => {
      const { store, projectId, documentIds } = await setup();
      const count = 1_203;
      const chunks = Array.from({ length: count }, (_, position) =>
        makeChunk(projectId, documentIds[0]!, position),
      );
      // Points along a quarter circle: every vector differs, and its neighbours are its neighbours.
      const along = (index: number) => {
        const angle = (index / (count - 1)) * (Math.PI / 2);
        return Array.from({ length: dimensions }, (_, axis) =>
          axis === 0 ? Math.cos(angle) : axis === 1 ? Math.sin(angle) : 0,
        );
      };
      await store.upsert(
        projectId,
        chunks.map((chunk, index) => embedded(chunk, along(index))),
      );
      expect((await store.listChunkIds(projectId, documentIds[0]!)).length).toBe(count);
      for (const index of [0, 600, count - 1]) {
        const [nearest] = await store.query(projectId, { embedding: along(index), topK: 1 });
        expect(nearest!.chunk).toEqual(chunks[index]);
        expect(nearest!.score).toBeGreaterThan(0.9999);
      }
    });

    it('upsert replaces a chunk with the same id', async () => {
      const { store, projectId, documentIds } = await setup();
      const chunk = makeChunk(projectId, documentIds[0]!, 0, 'old');
      await store.upsert(projectId, [embedded(chunk, unitVector(dimensions, 0))]);
      await store.upsert(projectId, [embedded({ ...chunk, text: 'new' }, unitVector(dimensions, 3))]);
      const results = await store.query(projectId, { embedding: unitVector(dimensions, 3), topK: 5 });
      expect(results).toHaveLength(1);
      expect(results[0]!.chunk.text).toBe('new');
      expect(results[0]!.score).toBeGreaterThan(0.99);
    });

    it('filters by document and deletes by document and by chunk id', async () => {
      const { store, projectId, documentIds } = await setup();
      const [first, second] = documentIds as [string, string];
      const a = makeChunk(projectId, first, 0);
      const b = makeChunk(projectId, second, 0);
      const c = makeChunk(projectId, second, 1);
      await store.upsert(
        projectId,
        [a, b, c].map((chunk, index) => embedded(chunk, unitVector(dimensions, index))),
      );
      const onlySecond = await store.query(projectId, {
        embedding: unitVector(dimensions, 0),
        topK: 10,
        documentIds: [second],
      });
      expect(onlySecond.map((result) => result.chunk.documentId)).toEqual([second, second]);
      expect((await store.listChunkIds(projectId, second)).sort()).toEqual([b.id, c.id].sort());
      await store.deleteChunks(projectId, [b.id, fixtureId()]);
      expect(await store.listChunkIds(projectId, second)).toEqual([c.id]);
      await store.deleteByDocument(projectId, second);
      expect(await store.listChunkIds(projectId, second)).toEqual([]);
      expect(await store.listChunkIds(projectId, first)).toEqual([a.id]);
    });

    it('never returns another project’s vectors, and dropProject removes only that project', async () => {
      const one = await setup(1);
      const two = await setup(1);
      const store = one.store;
      const chunkOne = makeChunk(one.projectId, one.documentIds[0]!, 0, 'one');
      const chunkTwo = makeChunk(two.projectId, two.documentIds[0]!, 0, 'two');
      await store.upsert(one.projectId, [embedded(chunkOne, unitVector(dimensions, 0))]);
      await store.upsert(two.projectId, [embedded(chunkTwo, unitVector(dimensions, 0))]);
      const results = await store.query(one.projectId, { embedding: unitVector(dimensions, 0), topK: 10 });
      expect(results.map((result) => result.chunk.id)).toEqual([chunkOne.id]);
      await store.dropProject(one.projectId);
      expect(await store.query(one.projectId, { embedding: unitVector(dimensions, 0), topK: 10 })).toEqual(
        [],
      );
      expect(await store.listChunkIds(two.projectId, two.documentIds[0]!)).toEqual([chunkTwo.id]);
    });

    it('queries an unknown or empty project as an empty list', async () => {
      const { store, projectId } = await setup();
      expect(await store.query(projectId, { embedding: unitVector(dimensions, 0), topK: 3 })).toEqual([]);
      await store.dropProject(projectId);
      await store.ping();
    });

    it('property: top-k agrees with exact cosine ranking', async () => {
      const { store, projectId, documentIds } = await setup(1);
      const vector = fc
        .array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dimensions, maxLength: dimensions })
        .filter((values) => Math.hypot(...values) > 0.1);
      await fc.assert(
        fc.asyncProperty(
          fc.array(vector, { minLength: 1, maxLength: 12 }),
          vector,
          fc.integer({ min: 1, max: 5 }),
          async (vectors, query, topK) => {
            await store.deleteByDocument(projectId, documentIds[0]!);
            const chunks = vectors.map((_, position) => makeChunk(projectId, documentIds[0]!, position));
            await store.upsert(
              projectId,
              chunks.map((chunk, index) => embedded(chunk, vectors[index]!)),
            );
            const results = await store.query(projectId, { embedding: query, topK });
            expect(results).toHaveLength(Math.min(topK, vectors.length));
            const cosine = (a: number[], b: number[]) => {
              const dot = a.reduce((sum, value, index) => sum + value * b[index]!, 0);
              return dot / (Math.hypot(...a) * Math.hypot(...b));
            };
            const expected = vectors.map((candidate) => cosine(candidate, query)).sort((a, b) => b - a);
            for (const [index, result] of results.entries())
              expect(result.score).toBeCloseTo(expected[index]!, 3);
          },
        ),
        { numRuns: options.numRuns ?? 20 },
      );
    });
  });
}
