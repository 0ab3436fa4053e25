import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../knowledge/document.js';
import { makeChunk } from './fixtures.js';
import { makeDocument, type MakeRepositorySubject, seedProject } from './repository-fixtures.js';

const texts = [
  'Refunds are paid within 14 days of the return.',
  'Our office opens at nine and closes at five on weekdays.',
  'Shipping to Europe takes three to five business days.',
  'Gift cards cannot be refunded or exchanged for cash.',
];

/** Behaviour every `LexicalIndex` must have (the index follows `DocumentRepository.replaceChunks`). */
export function lexicalIndexContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const subject = await makeSubject();
    const project = await seedProject(subject.repositories);
    const documents = subject.repositories.documents;
    const first = await documents.create(makeDocument(project.id));
    const second = await documents.create(makeDocument(project.id));
    const chunks: Chunk[] = texts.map((text, index) =>
      makeChunk(project.id, index < 2 ? first.id : second.id, index, text),
    );
    await documents.replaceChunks(project.id, first.id, chunks.slice(0, 2));
    await documents.replaceChunks(project.id, second.id, chunks.slice(2));
    return { ...subject, projectId: project.id, first, second, chunks };
  };

  describe(`LexicalIndex contract: ${name}`, () => {
    it('ranks the chunk that matches the query terms first, with positive scores, full chunk data', async () => {
      const { lexicalIndex, projectId, chunks } = await setup();
      const results = await lexicalIndex.search(projectId, { text: 'When does the office open?', topK: 3 });
      expect(results[0]?.chunk).toEqual(chunks[1]);
      expect(results[0]!.score).toBeGreaterThan(0);
      for (let index = 1; index < results.length; index++)
        expect(results[index - 1]!.score).toBeGreaterThanOrEqual(results[index]!.score);
      const shipping = await lexicalIndex.search(projectId, { text: 'shipping europe', topK: 10 });
      expect(shipping.map((result) => result.chunk.id)).toEqual([chunks[2]!.id]);
    });

    it('respects topK and the document filter, and never returns another project’s chunks', async () => {
      const { lexicalIndex, repositories, projectId, second } = await setup();
      const cards = await lexicalIndex.search(projectId, {
        text: 'refunds cards cash office shipping',
        topK: 2,
      });
      expect(cards).toHaveLength(2);
      const filtered = await lexicalIndex.search(projectId, {
        text: 'refunds office cards',
        topK: 10,
        documentIds: [second.id],
      });
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((result) => result.chunk.documentId === second.id)).toBe(true);
      const other = await seedProject(repositories);
      expect(await lexicalIndex.search(other.id, { text: 'refunds office', topK: 10 })).toEqual([]);
    });

    it('follows chunk replacement and document deletion', async () => {
      const { lexicalIndex, repositories, projectId, first, chunks } = await setup();
      const replacement = makeChunk(projectId, first.id, 0, 'Warranty claims need the original receipt.');
      await repositories.documents.replaceChunks(projectId, first.id, [replacement]);
      expect(await lexicalIndex.search(projectId, { text: 'office weekdays', topK: 5 })).toEqual([]);
      const warranty = await lexicalIndex.search(projectId, { text: 'warranty receipt', topK: 5 });
      expect(warranty.map((result) => result.chunk.id)).toEqual([replacement.id]);
      await repositories.documents.delete(projectId, first.id);
      expect(await lexicalIndex.search(projectId, { text: 'warranty receipt', topK: 5 })).toEqual([]);
      const shipping = await lexicalIndex.search(projectId, { text: 'shipping', topK: 5 });
      expect(shipping.map((result) => result.chunk.id)).toEqual([chunks[2]!.id]);
    });

    it('indexes every chunk of a document of more than a thousand chunks', async () => {
      const { lexicalIndex, repositories, projectId, first } = await setup();
      const many = Array.from({ length: 1_203 }, (_, position) =>
        makeChunk(projectId, first.id, position, `Section ${position} covers routine matters.`),
      );
      many[0] = makeChunk(projectId, first.id, 0, 'Aardvarks open the handbook.');
      many[600] = makeChunk(projectId, first.id, 600, 'Bicycles park in the middle.');
      many[1_202] = makeChunk(projectId, first.id, 1_202, 'Zeppelins close the handbook.');
      await repositories.documents.replaceChunks(projectId, first.id, many);
      expect(await repositories.documents.countChunks(projectId)).toBe(1_203 + 2);
      for (const [query, chunk] of [
        ['aardvarks', many[0]],
        ['bicycles', many[600]],
        ['zeppelins', many[1_202]],
      ] as const) {
        const results = await lexicalIndex.search(projectId, { text: query, topK: 3 });
        expect(results.map((result) => result.chunk.id)).toEqual([chunk!.id]);
      }
      const routine = await lexicalIndex.search(projectId, { text: 'routine matters', topK: 2_000 });
      expect(routine).toHaveLength(1_200);
    });

    it('indexes a first indexing exactly as any other replacement', async () => {
      const queries = ['refund policy cash', 'warranty receipt claims', 'office weekdays shipping'];
      const outcome = async (firstIndexing: boolean) => {
        const { lexicalIndex, repositories, projectId } = await setup();
        const third = await repositories.documents.create(
          makeDocument(projectId, { version: 0, title: 'Warranty handbook' }),
        );
        const chunks = [
          'Warranty claims need the original receipt.',
          'Claims are answered within a week.',
        ].map((text, position) => ({
          ...makeChunk(projectId, third.id, position, text),
          headingPath: ['Warranty handbook', 'Claims'],
        }));
        await repositories.documents.replaceChunks(projectId, third.id, chunks, { firstIndexing });
        const results = await Promise.all(
          queries.map((text) => lexicalIndex.search(projectId, { text, topK: 10 })),
        );
        return results.map((list) => list.map((result) => [result.chunk.text, result.score]));
      };
      const first = await outcome(true);
      expect(first[1]![0]![0]).toBe('Warranty claims need the original receipt.');
      expect(first).toEqual(await outcome(false));
    });

    it('returns nothing for a query without searchable terms', async () => {
      const { lexicalIndex, projectId } = await setup();
      for (const text of ['', '   ', '?!…', '"\'\\'])
        expect(await lexicalIndex.search(projectId, { text, topK: 5 })).toEqual([]);
    });
  });
}
