import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evenSample, loadBeir, loadSquad, normaliseAnswer } from './datasets.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('evaluation datasets', () => {
  it('reads BEIR corpus, queries with judgements only, and positive qrels', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'beir-'));
    folders.push(folder);
    await mkdir(join(folder, 'qrels'));
    await writeFile(
      join(folder, 'corpus.jsonl'),
      '{"_id":"d1","title":"T","text":"one"}\n{"_id":"d2","text":"two"}\n',
    );
    await writeFile(
      join(folder, 'queries.jsonl'),
      '{"_id":"q1","text":"first"}\n{"_id":"q2","text":"unjudged"}\n',
    );
    await writeFile(join(folder, 'qrels', 'train.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\n');
    const dataset = await loadBeir(folder);
    expect(dataset.corpus).toEqual([
      { id: 'd1', title: 'T', text: 'one' },
      { id: 'd2', title: '', text: 'two' },
    ]);
    expect(dataset.queries).toEqual([{ id: 'q1', text: 'first' }]);
    expect([...dataset.qrels.get('q1')!]).toEqual([['d1', 1]]);
    await expect(loadBeir(join(folder, 'missing'))).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('reads SQuAD files, normalises answers and samples evenly', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'squad-'));
    folders.push(folder);
    await writeFile(join(folder, 'dev.json'), JSON.stringify({ data: [{ title: 'A', paragraphs: [] }] }));
    expect(loadSquad(folder)[0]!.title).toBe('A');
    await writeFile(join(folder, 'bad.json'), '{"nope": 1}');
    expect(() => loadSquad(join(folder, 'bad.json'))).toThrow(/SQuAD/);
    expect(normaliseAnswer('The  Eiffel-Tower!')).toBe('eiffel tower');
    expect(evenSample([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
    expect(evenSample([1, 2], 5)).toEqual([1, 2]);
  });
});
