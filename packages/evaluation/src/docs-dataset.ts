import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '@chatbuddy/core';

const datasetsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'datasets');
/** The documentation benchmark committed with this package (see its README). */
export const docsDatasetFolder = join(datasetsFolder, 'docs');
/** German and Spanish FAQ documents and questions, in the same layout as the docs benchmark. */
export const faqDatasetFolder = join(datasetsFolder, 'faq-i18n');

export type DocsSplit = 'tuning' | 'held-out';
export const docsSplits = ['tuning', 'held-out', 'all'] as const;

/** One benchmark question: answerable ones name the file and the passage that answers them. */
export interface DocsQuestion {
  id: string;
  split: DocsSplit;
  kind: 'answerable' | 'near-miss';
  question: string;
  /** Path under `files/` of the document holding the answer (answerable questions only). */
  file?: string;
  /** The answering passage, verbatim from `file` up to white space (answerable questions only). */
  gold?: string;
}

export interface DocsDocument {
  /** Path under `files/`, the document's identity in the benchmark. */
  sourceId: string;
  title: string;
  content: string;
}

export interface DocsDataset {
  documents: DocsDocument[];
  questions: DocsQuestion[];
}

interface Manifest {
  packages: Array<{ slug: string; name: string; version: string; files: Array<{ path: string }> }>;
}

/**
 * The split a question belongs to, fixed by its id: FNV-1a (32 bit) of the UTF-8 id, modulo 10;
 * 0–2 is held out (about 30 %), 3–9 is for tuning. Adding questions never moves existing ones.
 */
export function docsSplitOf(id: string): DocsSplit {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 10 < 3 ? 'held-out' : 'tuning';
}

/** Collapses runs of white space, as gold passages are matched against their files. */
export function squashSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads the manifest, the snapshot files and the questions of one split (or all). */
export function loadDocs(folder: string = docsDatasetFolder, split: DocsSplit | 'all' = 'all'): DocsDataset {
  const need = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path))
      throw new DomainError('invalid_input', `The docs benchmark folder has no ${name}: ${folder}`);
    return path;
  };
  const manifest = JSON.parse(readFileSync(need('manifest.json'), 'utf8')) as Manifest;
  const documents = manifest.packages.flatMap((entry) =>
    entry.files.map((file) => ({
      sourceId: file.path,
      title: `${entry.name} ${file.path.slice(entry.slug.length + 1)}`,
      content: readFileSync(need(join('files', file.path)), 'utf8'),
    })),
  );
  const questions = readFileSync(need('questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DocsQuestion)
    .filter((question) => split === 'all' || question.split === split);
  return { documents, questions };
}

// A fixed list, independent of the product's analyser, so that changing the analyser cannot
// change how replies are judged.
const judgeStopWords = new Set(
  `a an and are as at be but by can do does for from has have how i if in into is it its
  of on or so than that the their then there these this to was were what when which will with
  you your not no`.split(/\s+/),
);

/** Distinct lower-case words and numbers of `text` that carry content (judge's tokenisation). */
export function contentTokens(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => !judgeStopWords.has(word)));
}

/** Share of the gold passage's content tokens that appear in `text` (0 for an empty gold). */
export function goldCoverage(gold: string, text: string): number {
  const wanted = contentTokens(gold);
  if (wanted.size === 0) return 0;
  const present = contentTokens(text);
  let found = 0;
  for (const token of wanted) if (present.has(token)) found++;
  return found / wanted.size;
}

/** A reply is useful when it is an answer and quotes at least this share of the gold passage. */
export const usefulCoverage = 0.5;
/** A retrieved chunk holds the gold passage when it covers at least this share of it. */
export const passageCoverage = 0.8;
