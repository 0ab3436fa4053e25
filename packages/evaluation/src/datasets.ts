import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileProblem, readJsonLines, statDataset, textField, unusableDataset } from './dataset-files.js';
import { squadProblem } from './squad-shape.js';

/** A BEIR retrieval dataset: corpus, queries and relevance judgements. */
export interface BeirDataset {
  corpus: Array<{ id: string; title: string; text: string }>;
  queries: Array<{ id: string; text: string }>;
  /** query id → relevant corpus id → grade */
  qrels: Map<string, Map<string, number>>;
}

const beirFolder = 'a BEIR folder';
const beirRows = 'a BEIR JSON Lines file';
const beirQrels = 'a BEIR qrels file';

/** The judgements of one qrels file, added to `qrels`; a header line is allowed. */
function readQrels(path: string, qrels: Map<string, Map<string, number>>): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unusableDataset(path, beirQrels, fileProblem(error));
  }
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const [query, doc, score] = line.trim().split('\t');
    const grade = Number(score);
    if (index === 0 && Number.isNaN(grade)) continue;
    if (!query || !doc || score === undefined || Number.isNaN(grade))
      throw unusableDataset(
        path,
        beirQrels,
        `line ${index + 1} is not query-id, corpus-id and score separated by tabs`,
      );
    if (!(grade > 0)) continue;
    const judged = qrels.get(query) ?? new Map<string, number>();
    judged.set(doc, grade);
    qrels.set(query, judged);
  }
}

/**
 * Reads `corpus.jsonl`, `queries.jsonl` and every `qrels/*.tsv` (or the one named by `split`).
 * @throws DomainError `invalid_input` naming the file at fault when the folder is not a BEIR dataset.
 */
export async function loadBeir(folder: string, split?: string): Promise<BeirDataset> {
  if (!statDataset(folder, beirFolder).isDirectory())
    throw unusableDataset(folder, beirFolder, 'a file, not a folder');
  const need = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw unusableDataset(folder, beirFolder, `no ${name}`);
    return path;
  };
  const corpusFile = need('corpus.jsonl');
  const queriesFile = need('queries.jsonl');
  const qrelDir = need('qrels');
  const corpusRows = await readJsonLines<{ _id: string; title?: string; text: string }>(
    corpusFile,
    beirRows,
    (row) => textField(row, '_id', true) ?? textField(row, 'text'),
  );
  const corpus = corpusRows.map((row) => ({
    id: String(row._id),
    title: typeof row.title === 'string' ? row.title : '',
    text: row.text,
  }));
  const qrels = new Map<string, Map<string, number>>();
  const files = readdirSync(qrelDir).filter(
    (name) => name.endsWith('.tsv') && (!split || name === `${split}.tsv`),
  );
  if (files.length === 0)
    throw unusableDataset(folder, beirFolder, `no qrels/${split ? `${split}.tsv` : '*.tsv'}`);
  for (const file of files) readQrels(join(qrelDir, file), qrels);
  const queryRows = await readJsonLines<{ _id: string; text: string }>(
    queriesFile,
    beirRows,
    (row) => textField(row, '_id', true) ?? textField(row, 'text'),
  );
  const queries = queryRows
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

const squadFile = 'a SQuAD v2 JSON file';

/**
 * Reads a SQuAD 2.0 JSON file (or the first `*.json` in a folder).
 * @throws DomainError `invalid_input` saying why when it is missing or not SQuAD v2 JSON.
 */
export function loadSquad(path: string): SquadArticle[] {
  let file = path;
  if (statDataset(path, squadFile).isDirectory()) {
    const name = readdirSync(path).find((entry) => entry.endsWith('.json'));
    if (!name) throw unusableDataset(path, squadFile, 'a folder with no .json file');
    file = join(path, name);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unusableDataset(file, squadFile, fileProblem(error));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw unusableDataset(file, squadFile, 'not JSON');
  }
  const problem = squadProblem(parsed);
  if (problem) throw unusableDataset(file, squadFile, problem);
  return (parsed as { data: SquadArticle[] }).data;
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
