import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../shared/common.js';
import { fixtureId, makeChunk } from './fixtures.js';
import { failureCode, makeDocument, type MakeRepositorySubject, seedProject } from './repository-fixtures.js';

/** Behaviour every `DocumentRepository` must have. */
export function documentRepositoryContract(
  name: string,
  makeSubject: MakeRepositorySubject,
  options: { numRuns?: number } = {},
): void {
  const setup = async () => {
    const { repositories } = await makeSubject();
    const project = await seedProject(repositories);
    return { documents: repositories.documents, repositories, projectId: project.id };
  };

  describe(`DocumentRepository contract: ${name}`, () => {
    it('round-trips, lists summaries newest first and scopes every read to the project', async () => {
      const { documents, repositories, projectId } = await setup();
      const created = [0, 1, 2].map((index) =>
        makeDocument(projectId, { createdAt: new Date(Date.UTC(2026, 0, 1 + index)) }),
      );
      for (const document of created) await documents.create(document);
      expect(await documents.findById(projectId, created[0]!.id)).toEqual(created[0]);
      const { content: _content, ...summary } = created[1]!;
      expect(await documents.findByContentHash(projectId, created[1]!.contentHash)).toEqual(summary);
      const page = await documents.list(projectId, { limit: 2 });
      expect(page.items.map((item) => item.id)).toEqual([created[2]!.id, created[1]!.id]);
      expect(page.items[0]).not.toHaveProperty('content');
      const next = await documents.list(projectId, { limit: 2, cursor: page.nextCursor });
      expect(next.items.map((item) => item.id)).toEqual([created[0]!.id]);
      expect(await documents.count(projectId)).toBe(3);
      const other = await seedProject(repositories);
      expect(await documents.findById(other.id, created[0]!.id)).toBeNull();
      expect(await documents.count(other.id)).toBe(0);
    });

    it('filters by part of the title, case-insensitively and literally, within the project', async () => {
      const { documents, repositories, projectId } = await setup();
      const titles = ['Opening Hours', 'Refund policy', 'Hours of 100% fun', 'snake_case notes'];
      for (const [index, title] of titles.entries())
        await documents.create(
          makeDocument(projectId, { title, createdAt: new Date(Date.UTC(2026, 0, 1 + index)) }),
        );
      const other = await seedProject(repositories);
      await documents.create(makeDocument(other.id, { title: 'Other hours' }));
      const titlesOf = async (title: string) =>
        (await documents.list(projectId, { limit: 10 }, { title })).items.map((item) => item.title);
      expect(await titlesOf('HOURS')).toEqual(['Hours of 100% fun', 'Opening Hours']);
      expect(await titlesOf('%')).toEqual(['Hours of 100% fun']);
      expect(await titlesOf('_')).toEqual(['snake_case notes']);
      expect(await titlesOf('missing')).toEqual([]);
      const first = await documents.list(projectId, { limit: 1 }, { title: 'hours' });
      const second = await documents.list(
        projectId,
        { limit: 1, cursor: first.nextCursor },
        { title: 'hours' },
      );
      expect(second.items.map((item) => item.title)).toEqual(['Opening Hours']);
    });

    it('refuses the same content hash twice in a project with duplicate_document', async () => {
      const { documents, repositories, projectId } = await setup();
      const document = makeDocument(projectId);
      await documents.create(document);
      const duplicate = makeDocument(projectId, { contentHash: document.contentHash });
      expect(await failureCode(documents.create(duplicate))).toBe('duplicate_document');
      const other = await seedProject(repositories);
      await documents.create(makeDocument(other.id, { contentHash: document.contentHash }));
      const second = await documents.create(makeDocument(projectId));
      const at = new Date('2026-05-01T00:00:00.000Z');
      expect(
        await failureCode(documents.update(projectId, second.id, { contentHash: document.contentHash }, at)),
      ).toBe('duplicate_document');
    });

    it('notes vectors to remove with the transaction, lists them oldest first, forgets them by project', async () => {
      const { repositories, unitOfWork } = await makeSubject();
      const { documents } = repositories;
      const projectId = (await seedProject(repositories)).id;
      const other = await seedProject(repositories);
      const ids = [fixtureId(), fixtureId(), fixtureId()];
      const early = new Date('2026-03-01T00:00:00.000Z');
      const late = new Date('2026-03-01T00:01:00.000Z');
      await documents.noteVectorRemovals(projectId, [ids[0]!, ids[1]!], late);
      await documents.noteVectorRemovals(other.id, [ids[2]!], early);
      const mine = (notes: Array<{ projectId: string; chunkId: string }>) =>
        notes.filter((note) => note.projectId === projectId || note.projectId === other.id);
      expect(mine(await documents.listVectorRemovals(early, 100))).toEqual([
        { projectId: other.id, chunkId: ids[2] },
      ]);
      expect(mine(await documents.listVectorRemovals(late, 100))).toEqual([
        { projectId: other.id, chunkId: ids[2] },
        ...[ids[0]!, ids[1]!].sort().map((chunkId) => ({ projectId, chunkId })),
      ]);
      // Forgotten only in their own project.
      await documents.forgetVectorRemovals(projectId, [ids[2]!, ids[0]!]);
      expect(mine(await documents.listVectorRemovals(late, 100))).toEqual([
        { projectId: other.id, chunkId: ids[2] },
        { projectId, chunkId: ids[1] },
      ]);
      // A note written by a transaction that fails is gone with it.
      const rolledBack = fixtureId();
      await unitOfWork
        .run(async (transaction) => {
          await transaction.documents.noteVectorRemovals(projectId, [rolledBack], early);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      expect(mine(await documents.listVectorRemovals(late, 100)).map((note) => note.chunkId)).not.toContain(
        rolledBack,
      );
      // Deleting a project takes its notes.
      await repositories.projects.delete(other.id);
      expect(mine(await documents.listVectorRemovals(late, 100))).toEqual([{ projectId, chunkId: ids[1] }]);
    });

    it('updates patched fields and finds unfinished documents across projects', async () => {
      const { documents, projectId } = await setup();
      const document = await documents.create(makeDocument(projectId, { status: 'indexing' }));
      const at = new Date('2026-04-01T00:00:00.000Z');
      const patch = { status: 'failed' as const, failureReason: 'embedder down', version: 2 };
      expect(await documents.update(projectId, document.id, patch, at)).toEqual({
        ...document,
        ...patch,
        updatedAt: at,
      });
      const failed = await documents.listByStatus(['failed'], 1000);
      expect(failed.map((item) => item.id)).toContain(document.id);
      expect(await documents.update(projectId, fixtureId(), { title: 'x' }, at)).toBeNull();
    });

    it('takes a first indexing at its word only while the document is at version 0', async () => {
      const { documents, projectId } = await setup();
      const document = await documents.create(makeDocument(projectId, { version: 0 }));
      const first = [0, 1].map((position) =>
        makeChunk(projectId, document.id, position, `first ${position}`),
      );
      await documents.replaceChunks(projectId, document.id, first, { firstIndexing: true });
      expect(await documents.listChunks(projectId, document.id)).toEqual(first);
      await documents.update(projectId, document.id, { version: 1 }, new Date('2026-04-01T00:00:00.000Z'));
      // A caller that wrongly claims a first indexing: past version 0 the old rows still go.
      const second = [makeChunk(projectId, document.id, 0, 'second')];
      await documents.replaceChunks(projectId, document.id, second, { firstIndexing: true });
      expect(await documents.listChunks(projectId, document.id)).toEqual(second);
      expect(await documents.countChunks(projectId)).toBe(1);
    });

    it('marks the document ready with its rows when asked, on a first indexing and on a replacement', async () => {
      const { documents, projectId } = await setup();
      const created = await documents.create(
        makeDocument(projectId, { version: 0, status: 'indexing', failureReason: 'earlier', chunkCount: 0 }),
        { leaseExpiresAt: new Date('2026-05-01T00:05:00.000Z') },
      );
      const at = new Date('2026-05-01T00:00:00.000Z');
      const first = [0, 1, 2].map((position) =>
        makeChunk(projectId, created.id, position, `first ${position}`),
      );
      const ready = await documents.replaceChunks(projectId, created.id, first, {
        firstIndexing: true,
        markReady: { embeddingModel: 'model-a', at },
      });
      const expected = {
        ...created,
        status: 'ready',
        failureReason: null,
        chunkCount: 3,
        embeddingModel: 'model-a',
        version: 1,
        indexedAt: at,
        updatedAt: at,
      };
      expect(ready).toEqual(expected);
      expect(await documents.findById(projectId, created.id)).toEqual(expected);
      expect(await documents.listChunks(projectId, created.id)).toEqual(first);

      const later = new Date('2026-05-02T00:00:00.000Z');
      const second = [makeChunk(projectId, created.id, 0, 'second')];
      const replaced = await documents.replaceChunks(projectId, created.id, second, {
        markReady: { embeddingModel: 'model-b', at: later },
      });
      expect(replaced).toEqual({
        ...expected,
        chunkCount: 1,
        embeddingModel: 'model-b',
        version: 2,
        indexedAt: later,
        updatedAt: later,
      });
      expect(await documents.listChunks(projectId, created.id)).toEqual(second);
      expect(await documents.replaceChunks(projectId, created.id, second)).toBeUndefined();
    });

    it('writes nothing when the document no longer has the expected version and content', async () => {
      const { documents, projectId } = await setup();
      const created = await documents.create(makeDocument(projectId, { version: 0, status: 'indexing' }));
      const at = new Date('2026-05-01T00:00:00.000Z');
      const markReady = { embeddingModel: 'model-a', at };
      const found = { version: 0, contentHash: created.contentHash };
      const rows = (text: string) =>
        [0, 1].map((position) => makeChunk(projectId, created.id, position, `${text} ${position}`));
      /** A run that found `expected` writes `text`'s rows, first indexing or not: nothing lands. */
      const writesNothing = async (text: string, expected: { version: number; contentHash: string }) => {
        for (const firstIndexing of [true, false])
          expect(
            await documents.replaceChunks(projectId, created.id, rows(text), {
              firstIndexing,
              markReady,
              expected,
            }),
          ).toBeUndefined();
      };
      // The content was replaced after the run read it.
      await writesNothing('stale', { version: 0, contentHash: `${created.contentHash}-old` });
      expect(await documents.listChunks(projectId, created.id)).toEqual([]);
      expect((await documents.findById(projectId, created.id))?.status).toBe('indexing');
      // Two runs found version 0: the first writes, the second finds version 1 and writes nothing.
      const first = rows('first');
      expect(
        await documents.replaceChunks(projectId, created.id, first, {
          firstIndexing: true,
          markReady,
          expected: found,
        }),
      ).toMatchObject({ version: 1, chunkCount: 2 });
      await writesNothing('second', found);
      expect(await documents.listChunks(projectId, created.id)).toEqual(first);
      expect((await documents.findById(projectId, created.id))?.version).toBe(1);
      // The run that found version 1 writes.
      const third = rows('third');
      expect(
        await documents.replaceChunks(projectId, created.id, third, {
          markReady,
          expected: { version: 1, contentHash: created.contentHash },
        }),
      ).toMatchObject({ version: 2 });
      expect(await documents.listChunks(projectId, created.id)).toEqual(third);
      expect(await documents.countChunks(projectId)).toBe(2);
    });

    it('replaces chunks as a set, lists them in order, finds them by id, deletes with the document', async () => {
      const { documents, projectId } = await setup();
      const document = await documents.create(makeDocument(projectId));
      const first = [0, 1, 2].map((position) =>
        makeChunk(projectId, document.id, position, `old ${position}`),
      );
      await documents.replaceChunks(projectId, document.id, first);
      const second = [1, 0].map((position) =>
        makeChunk(projectId, document.id, position, `new ${position} “✓”`),
      );
      await documents.replaceChunks(projectId, document.id, second);
      expect(await documents.listChunks(projectId, document.id)).toEqual([second[1], second[0]]);
      expect(await documents.countChunks(projectId)).toBe(2);
      const found = await documents.findPassages(projectId, [second[0]!.id, first[0]!.id, fixtureId()]);
      expect(found.map((passage) => passage.chunk)).toEqual([second[0]]);
      const other = await documents.create(makeDocument(projectId, { title: 'Other “✓”' }));
      const otherChunk = makeChunk(projectId, other.id, 0, 'other text');
      await documents.replaceChunks(projectId, other.id, [otherChunk]);
      const passages = await documents.findPassages(projectId, [
        otherChunk.id,
        second[1]!.id,
        first[1]!.id,
        fixtureId(),
        otherChunk.id,
      ]);
      const byText = (a: { chunk: { text: string } }, b: { chunk: { text: string } }) =>
        a.chunk.text.localeCompare(b.chunk.text);
      expect(passages.sort(byText)).toEqual([
        { chunk: second[1], title: document.title },
        { chunk: otherChunk, title: 'Other “✓”' },
      ]);
      expect(await documents.findPassages(fixtureId(), [otherChunk.id])).toEqual([]);
      expect(await documents.findPassages(projectId, [])).toEqual([]);
      await documents.delete(projectId, other.id);
      expect(await failureCode(documents.replaceChunks(projectId, fixtureId(), second))).toBe(
        'document_not_found',
      );
      expect(await documents.delete(projectId, document.id)).toBe(true);
      expect(await documents.delete(projectId, document.id)).toBe(false);
      expect(await documents.countChunks(projectId)).toBe(0);
      expect(await documents.findById(projectId, document.id)).toBeNull();
    });

    it('round-trips a very long content', async () => {
      const { documents, projectId } = await setup();
      const content = 'Ünïcödé ✓ 東京 "quoted" \'single\' \\ back '.repeat(20_000);
      const document = await documents.create(
        makeDocument(projectId, { content, sizeBytes: content.length }),
      );
      expect((await documents.findById(projectId, document.id))?.content).toBe(content);
    });

    it('property: any unicode title, content and metadata round-trip or are refused with a domain error', async () => {
      const { documents, projectId } = await setup();
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as JsonValue),
          async (title, content, value) => {
            const document = makeDocument(projectId, { title, content, metadata: { value } });
            const code = await failureCode(documents.create(document));
            if (code !== null) {
              expect(code).toBe('invalid_input');
              return;
            }
            const stored = await documents.findById(projectId, document.id);
            expect(stored?.title).toBe(title);
            expect(stored?.content).toBe(content);
            expect(stored?.metadata).toEqual({ value });
            const chunk = makeChunk(projectId, document.id, 0, content);
            const chunkCode = await failureCode(
              documents.replaceChunks(projectId, document.id, [
                { ...chunk, headingPath: [title], metadata: { value } },
              ]),
            );
            if (chunkCode !== null) {
              expect(chunkCode).toBe('invalid_input');
              return;
            }
            const [storedChunk] = await documents.listChunks(projectId, document.id);
            expect(storedChunk?.text).toBe(content);
            expect(storedChunk?.headingPath).toEqual([title]);
          },
        ),
        { numRuns: options.numRuns ?? 25 },
      );
    }, 60_000);
  });
}
