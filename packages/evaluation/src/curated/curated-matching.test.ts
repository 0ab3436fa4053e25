import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateMatching, loadCovidFaq } from './curated-matching.js';
import { covidNearMisses } from './near-misses.js';

function faqFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'curated-eval-'));
  writeFileSync(
    join(folder, 'faq_covidbert.csv'),
    'question,answer\nHow long is the incubation period?,Up to 14 days.\nCan pets catch the virus?,Rarely.\n',
  );
  writeFileSync(
    join(folder, 'eval_question_similarity_en.tuning.csv'),
    [
      'question_1,question_2,similar',
      'How long is the incubation period?,how long is the incubation period,1',
      'Can pets catch the virus?,Do cats catch colds?,1',
      'Can pets catch the virus?,Can pets catch the virus?,0',
    ].join('\n'),
  );
  return folder;
}

describe('curated matching evaluation', () => {
  it('counts right, wrong and near-miss matches per threshold', () => {
    const dataset = loadCovidFaq(faqFolder());
    expect(dataset.answers).toHaveLength(2);
    expect(dataset.cases.filter((testCase) => testCase.kind === 'near-miss')).toHaveLength(
      covidNearMisses.length,
    );
    const [loose, strict] = evaluateMatching(dataset, [0.5, 1.01]);
    expect(loose).toMatchObject({ matchedPositives: 1, wrongNegatives: 1, recall: 0.5 });
    expect(loose!.precision).toBeLessThan(1);
    expect(strict).toMatchObject({
      matchedPositives: 0,
      wrongNegatives: 0,
      wrongNearMisses: 0,
      precision: 1,
    });
  });

  it('has at least 50 distinct near misses', () => {
    expect(new Set(covidNearMisses).size).toBeGreaterThanOrEqual(50);
  });
});
