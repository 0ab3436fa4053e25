/**
 * Precision and recall of curated-answer matching on the COVID-19 FAQ folder, at several
 * thresholds. Usage (from the repository root):
 *   node --conditions=@chatbuddy/source --import tsx packages/evaluation/scripts/curated/curated-matching.ts \
 *     /work/shared/datasets/covid-qa-faq [pairs-file.csv]
 */
import { englishTermWeight } from '@chatbuddy/adapters-llm';
import { evaluateMatching, loadCovidFaq } from '../../src/curated/curated-matching.js';

const [folder, pairsFile] = process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: curated-matching.ts <covid-qa-faq folder> [pairs file]\n');
  process.exit(2);
}
const dataset = loadCovidFaq(folder, pairsFile);
const thresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
const weighting = process.env.CURATED_WEIGHTING ?? 'english';
const results = evaluateMatching(dataset, thresholds, {
  ...(weighting === 'english' && { termWeight: englishTermWeight }),
  ...(process.env.CURATED_MARGIN !== undefined && { margin: Number(process.env.CURATED_MARGIN) }),
  ...(process.env.CURATED_CHARGRAM !== undefined && { charGramWeight: Number(process.env.CURATED_CHARGRAM) }),
  ...(process.env.CURATED_CHARGRAM_SIZE !== undefined && {
    charGramSize: Number(process.env.CURATED_CHARGRAM_SIZE),
  }),
});
const counts = { positive: 0, negative: 0, 'near-miss': 0 };
for (const testCase of dataset.cases) counts[testCase.kind]++;
process.stdout.write(
  `${dataset.answers.length} curated answers; ${counts.positive} positive, ${counts.negative} negative pairs, ${counts['near-miss']} near misses; weighting ${weighting}\n`,
);
process.stdout.write(
  '| threshold | precision | recall | right | wrong positive | wrong negative | near miss matched |\n',
);
process.stdout.write('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
for (const row of results) {
  process.stdout.write(
    `| ${row.threshold.toFixed(2)} | ${row.precision.toFixed(3)} | ${row.recall.toFixed(3)} | ${row.matchedPositives} | ${row.wrongPositives} | ${row.wrongNegatives} | ${row.wrongNearMisses} |\n`,
  );
}
