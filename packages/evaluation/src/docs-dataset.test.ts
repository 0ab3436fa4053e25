import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentTokens,
  docsDatasetFolder,
  docsSplitOf,
  faqDatasetFolder,
  goldCoverage,
  loadDocs,
  squashSpace,
  usefulCoverage,
} from './docs-dataset.js';
import { type DocsOutcome, docsMetrics } from './evaluate-docs.js';

interface ManifestFile {
  path: string;
  sha256?: string;
  bytes?: number;
}
interface Manifest {
  packages: Array<{
    slug: string;
    name: string;
    version: string;
    licence: string;
    licenceFile?: string;
    files: ManifestFile[];
  }>;
}

const manifestOf = (folder: string) =>
  JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;

describe.each([
  { name: 'docs', folder: docsDatasetFolder, answerable: 100, unanswerable: 30 },
  { name: 'faq-i18n', folder: faqDatasetFolder, answerable: 20, unanswerable: 10 },
])('the $name benchmark', ({ folder, answerable, unanswerable }) => {
  const dataset = loadDocs(folder);

  it('has enough answerable and unanswerable questions, each id once', () => {
    expect(
      dataset.questions.filter((question) => question.kind === 'answerable').length,
    ).toBeGreaterThanOrEqual(answerable);
    expect(
      dataset.questions.filter((question) => question.kind === 'near-miss').length,
    ).toBeGreaterThanOrEqual(unanswerable);
    const ids = dataset.questions.map((question) => question.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds every gold passage in the file it names, and near misses name none', () => {
    const files = new Map(
      dataset.documents.map((document) => [document.sourceId, squashSpace(document.content)]),
    );
    const missing = dataset.questions.filter(
      (question) =>
        question.kind === 'answerable' &&
        !(question.gold && question.file && files.get(question.file)?.includes(squashSpace(question.gold))),
    );
    expect(missing.map((question) => question.id)).toEqual([]);
    const nearMisses = dataset.questions.filter((question) => question.kind === 'near-miss');
    expect(nearMisses.every((question) => question.gold === undefined && question.file === undefined)).toBe(
      true,
    );
  });

  it('splits by the documented hash rule and never asks one question in both splits', () => {
    expect(dataset.questions.filter((question) => question.split !== docsSplitOf(question.id))).toEqual([]);
    const tuning = new Set(
      loadDocs(folder, 'tuning').questions.map((question) => squashSpace(question.question)),
    );
    const heldOut = loadDocs(folder, 'held-out').questions.map((question) => squashSpace(question.question));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.filter((question) => tuning.has(question))).toEqual([]);
    expect(tuning.size + heldOut.length).toBe(dataset.questions.length);
  });

  it('pins every file in the manifest and ships the licences', () => {
    const manifest = manifestOf(folder);
    for (const entry of manifest.packages) {
      if (entry.licenceFile) expect(existsSync(join(folder, entry.licenceFile))).toBe(true);
      for (const file of entry.files) {
        const bytes = readFileSync(join(folder, 'files', file.path));
        if (file.sha256) expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      }
    }
    const total = manifest.packages
      .flatMap((entry) => entry.files)
      .reduce((sum, file) => sum + statSync(join(folder, 'files', file.path)).size, 0);
    expect(total).toBeLessThan(3_000_000);
  });
});

describe('the usefulness rule', () => {
  it('counts distinct content tokens of the gold passage found in the reply', () => {
    expect([...contentTokens('The pool is a long-lived object.')]).toEqual([
      'pool',
      'long',
      'lived',
      'object',
    ]);
    expect(goldCoverage('The pool is a long-lived object.', 'Keep one long-lived pool object.')).toBe(1);
    expect(goldCoverage('Requests time out after 10 minutes.', 'Requests are retried twice.')).toBe(1 / 6);
    expect(goldCoverage('', 'anything')).toBe(0);
    expect(usefulCoverage).toBe(0.5);
  });

  it('aggregates outcomes into rates and AUROCs', () => {
    const outcome = (overrides: Partial<DocsOutcome>): DocsOutcome => ({
      id: 'x',
      kind: 'answerable',
      answered: true,
      useful: false,
      confidence: 0.5,
      goldRank: null,
      goldDocumentInSources: false,
      ...overrides,
    });
    const metrics = docsMetrics(
      [
        outcome({ useful: true, confidence: 0.9, goldRank: 1, goldDocumentInSources: true }),
        outcome({ confidence: 0.6, goldRank: 4 }),
        outcome({ answered: false, confidence: 0.1 }),
        outcome({ kind: 'near-miss', answered: false, confidence: 0.2 }),
        outcome({ kind: 'near-miss', confidence: 0.7 }),
      ],
      { documents: 3, split: 'all' },
    );
    expect(metrics).toMatchObject({
      questions: 5,
      answerable: 3,
      nearMiss: 2,
      goldPassageAt1: 0.3333,
      goldPassageAt5: 0.6667,
      mrrAt10: 0.4167,
      answerRate: 0.6667,
      usefulRate: 0.3333,
      usefulOfAnswered: 0.5,
      nearMissAbstainRate: 0.5,
      confidenceAurocUsefulVsNot: 1,
      confidenceAurocAll: 1,
    });
    expect(metrics.byConfidenceThreshold[0]).toEqual({
      threshold: 0.9,
      answerable: 0.3333,
      useful: 0.3333,
      nearMissAnswered: 0,
    });
  });
});
