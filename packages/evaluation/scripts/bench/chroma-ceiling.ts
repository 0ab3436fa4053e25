/**
 * The Chroma ceiling: how fast a Chroma server takes our vectors with nothing else in the way
 * (see chroma-bound.ts), for each request size: a fixed number of records, or `document` for one
 * request per document as uploads send them. Reports vectors per second and what that is in MB of
 * the corpus per second, the bound for uploads that write one request per document. `pnpm bench`
 * measures the `document` bound itself beside each server-mode upload.
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/bench/chroma-ceiling.ts \
 *     [--chroma-url http://127.0.0.1:8000] [--batch-sizes document,20,100,500] [--megabytes 1] [--with-text] [--json]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type ChromaBound,
  type RequestSize,
  boundCorpus,
  chromaClient,
  measureChromaBound,
} from './chroma-bound.js';

const { values } = parseArgs({
  options: {
    'chroma-url': { type: 'string', default: process.env.CHROMA_URL ?? 'http://127.0.0.1:8000' },
    'batch-sizes': { type: 'string', default: 'document,20,100,500' },
    megabytes: { type: 'string', default: '1' },
    'with-text': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const requestSizes: RequestSize[] = values['batch-sizes']
  .split(',')
  .map((size) => (size.trim() === 'document' ? 'document' : Number(size)));
if (requestSizes.some((size) => size !== 'document' && !(Number.isInteger(size) && size > 0))) {
  console.error('chroma-ceiling: --batch-sizes takes positive integers and/or "document"');
  process.exit(2);
}
const url = new URL(values['chroma-url']);
const client = chromaClient(url.origin);
const corpus = await boundCorpus(Number(values.megabytes), values['with-text']);
const loadAtStart = loadavg()[0]!;
const rows: ChromaBound[] = [];
for (const size of requestSizes) rows.push(await measureChromaBound(client, corpus, size));
const result = {
  chromaUrl: url.origin,
  megabytes: corpus.megabytes,
  withText: values['with-text'],
  loadAverage: [loadAtStart, loadavg()[0]!],
  rows,
};
if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(
    `Chroma ceiling, ${corpus.records.ids.length} vectors of ${corpus.megabytes.toFixed(2)} MB, ${values['with-text'] ? 'with text and metadata' : 'vectors and document ids'} (load ${loadAtStart.toFixed(2)})`,
  );
  console.log('| records per upsert | ms per request | vectors/s | corpus MB/s |');
  console.log('|---:|---:|---:|---:|');
  for (const row of rows) {
    const size =
      row.requestSize === 'document'
        ? `one document (${(row.vectors / row.requests).toFixed(1)})`
        : String(row.requestSize);
    console.log(
      `| ${size} | ${row.millisecondsPerRequest.toFixed(1)} | ${row.vectorsPerSecond.toFixed(0)} | ${row.megabytesPerSecond.toFixed(3)} |`,
    );
  }
}
