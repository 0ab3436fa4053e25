import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DomainError } from '@chatbuddy/core';

/** A BEIR retrieval dataset: corpus, queries and relevance judgements. */
export interface BeirDataset {
  corpus: Array<{ id: string; title: string; text: string }>;
  queries: Array<{ id: string; text: string }>;
  /** query id → relevant corpus id → grade */
  qrels: Map<string, Map<string, number>>;
}

async function readJsonLines<T>(path: string): Promise<T[]> {
  const rows: T[] = [];
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (line.trim()) rows.push(JSON.parse(line) as T);
  return rows;
}

/** Reads `corpus.jsonl`, `queries.jsonl` and every `qrels/*.tsv` (or the one named by `split`). */
export async function loadBeir(folder: string, split?: string): Promise<BeirDataset> {
  const need = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path))
      throw new DomainError('invalid_input', `The BEIR folder has no ${name}: ${folder}`);
    return path;
  };
  const corpus = (
    await readJsonLines<{ _id: string; title?: string; text: string }>(need('corpus.jsonl'))
  ).map((row) => ({
    id: String(row._id),
    title: row.title ?? '',
    text: row.text,
  }));
  const qrels = new Map<string, Map<string, number>>();
  const qrelDir = need('qrels');
  const files = readdirSync(qrelDir).filter(
    (name) => name.endsWith('.tsv') && (!split || name === `${split}.tsv`),
  );
  if (files.length === 0)
    throw new DomainError('invalid_input', `No qrels${split ? ` for split ${split}` : ''} in ${qrelDir}`);
  for (const file of files) {
    for (const [index, line] of readFileSync(join(qrelDir, file), 'utf8').split('\n').entries()) {
      const [query, doc, score] = line.trim().split('\t');
      if (!query || !doc || (index === 0 && Number.isNaN(Number(score)))) continue;
      const grade = Number(score);
      if (!(grade > 0)) continue;
      const judged = qrels.get(query) ?? new Map<string, number>();
      judged.set(doc, grade);
      qrels.set(query, judged);
    }
  }
  const queries = (await readJsonLines<{ _id: string; text: string }>(need('queries.jsonl')))
    .map((row) => ({ id: String(row._id), text: row.text }))
    .filter((query) => qrels.has(query.id));
  return { corpus, queries, qrels };
}

export interface SquadArticle {
  title: string;
  paragraphs: Array<{
    context: string;
    qas: Array<{ question: string; answers: Array<{ text: string }>; is_impossible?: boolean }>;
  }>;
}

/** Reads a SQuAD 2.0 JSON file (or the first `*.json` in a folder). */
export function loadSquad(path: string): SquadArticle[] {
  const file = statSync(path).isDirectory()
    ? join(path, readdirSync(path).find((name) => name.endsWith('.json')) ?? '')
    : path;
  if (!existsSync(file)) throw new DomainError('invalid_input', `No SQuAD JSON file at ${path}`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: SquadArticle[] };
  if (!Array.isArray(parsed.data))
    throw new DomainError('invalid_input', `Not a SQuAD file (no "data" array): ${file}`);
  return parsed.data;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every `step`-th item so a limit samples the whole dataset evenly (deterministic). */
export function evenSample<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, index) => items[Math.floor(index * step)]!);
}
