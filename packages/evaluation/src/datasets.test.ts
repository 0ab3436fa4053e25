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

describe('evaluation datasets that are not what --data says', () => {
  async function folder(): Promise<string> {
    const path = await mkdtemp(join(tmpdir(), 'dataset-'));
    folders.push(path);
    return path;
  }

  /** The invalid_input message of a failed load. */
  async function refusal(load: () => unknown): Promise<string> {
    try {
      await load();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input' });
      return (error as Error).message;
    }
    throw new Error('loaded');
  }

  it('says why a file is not SQuAD v2 JSON', async () => {
    const base = await folder();
    const file = (name: string, text: string) =>
      writeFile(join(base, name), text).then(() => join(base, name));
    const passwd = await file('passwd', 'root:x:0:0:root:/root:/bin/bash\n');
    expect(await refusal(() => loadSquad(passwd))).toBe(`${passwd} is not a SQuAD v2 JSON file (not JSON)`);
    const noData = await file('other.json', '{"version": "v2.0"}');
    expect(await refusal(() => loadSquad(noData))).toBe(
      `${noData} is not a SQuAD v2 JSON file (no "data" list)`,
    );
    const noQuestion = await file(
      'broken.json',
      JSON.stringify({ data: [{ title: 'A', paragraphs: [{ context: 'c', qas: [{ answers: [] }] }] }] }),
    );
    expect(await refusal(() => loadSquad(noQuestion))).toBe(
      `${noQuestion} is not a SQuAD v2 JSON file (data[0].paragraphs[0].qas[0] has no "question" text)`,
    );
    const missing = join(base, 'missing.json');
    expect(await refusal(() => loadSquad(missing))).toBe(
      `${missing} is not a SQuAD v2 JSON file (no such file or folder)`,
    );
    const empty = await folder();
    expect(await refusal(() => loadSquad(empty))).toBe(
      `${empty} is not a SQuAD v2 JSON file (a folder with no .json file)`,
    );
  });

  it('says which BEIR file is missing or not JSON Lines / TSV', async () => {
    const base = await folder();
    const what = 'a BEIR folder';
    expect(await refusal(() => loadBeir(join(base, 'missing')))).toBe(
      `${join(base, 'missing')} is not ${what} (no such file or folder)`,
    );
    expect(await refusal(() => loadBeir('/etc/passwd'))).toBe(
      `/etc/passwd is not ${what} (a file, not a folder)`,
    );
    expect(await refusal(() => loadBeir(base))).toBe(`${base} is not ${what} (no corpus.jsonl)`);
    await writeFile(join(base, 'corpus.jsonl'), '{"_id":"d1","text":"one"}\nroot:x:0:0\n');
    await writeFile(join(base, 'queries.jsonl'), '{"_id":"q1"}\n');
    expect(await refusal(() => loadBeir(base))).toBe(`${base} is not ${what} (no qrels)`);
    await mkdir(join(base, 'qrels'));
    expect(await refusal(() => loadBeir(base))).toBe(
      `${join(base, 'corpus.jsonl')} is not a BEIR JSON Lines file (line 2 is not JSON)`,
    );
    await writeFile(join(base, 'corpus.jsonl'), '{"_id":"d1","text":"one"}\n');
    expect(await refusal(() => loadBeir(base))).toBe(`${base} is not ${what} (no qrels/*.tsv)`);
    await writeFile(join(base, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1 d1 1\n');
    expect(await refusal(() => loadBeir(base))).toBe(
      `${join(base, 'qrels', 'test.tsv')} is not a BEIR qrels file (line 2 is not query-id, corpus-id and score separated by tabs)`,
    );
    await writeFile(join(base, 'qrels', 'test.tsv'), 'q1\td1\t1\n');
    expect(await refusal(() => loadBeir(base))).toBe(
      `${join(base, 'queries.jsonl')} is not a BEIR JSON Lines file (line 1 has no "text" text)`,
    );
  });
});
