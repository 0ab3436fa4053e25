/**
 * Upsert throughput and query latency of ChromaVectorStore against a running Chroma server.
 *
 *   bash scripts/chroma-server.sh start
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/chroma/bench-chroma.ts \
 *     [--url http://127.0.0.1:8000] [--sizes 10000,100000] [--dimensions 384] [--queries 200] [--batch 1000]
 *
 * Each size gets a fresh project (collection), dropped at the end. Vectors are seeded random unit
 * vectors spread over 50 documents; queries ask for the top 8, with and without a document filter.
 */
import { parseArgs } from 'node:util';
import type { EmbeddedChunk } from '@chatbuddy/core';
import { seededRandom } from '@chatbuddy/core/testing';
import { ChromaVectorStore } from '@chatbuddy/adapters-chroma';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CHROMA_URL ?? 'http://127.0.0.1:8000' },
    sizes: { type: 'string', default: '10000,100000' },
    dimensions: { type: 'string', default: '384' },
    queries: { type: 'string', default: '200' },
    batch: { type: 'string', default: '1000' },
  },
});
const dimensions = Number(values.dimensions);
const sizes = values.sizes.split(',').map(Number);
const queries = Number(values.queries);
const documents = 50;
const callSize = 5_000;

function unitVector(next: () => number): number[] {
  const vector = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function latencies(run: () => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  for (let index = 0; index < queries + 10; index++) {
    const started = performance.now();
    await run();
    if (index >= 10) times.push(performance.now() - started); // the first 10 warm up
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms`;
}

const store = new ChromaVectorStore({ url: values.url, batchSize: Number(values.batch), timeoutMs: 120_000 });
await store.ping();
console.log(`Chroma at ${values.url}, ${dimensions}-d, batch ${values.batch}, ${queries} queries per case`);
for (const size of sizes) {
  const projectId = `bench-${size}-${Date.now()}`;
  const next = seededRandom(size);
  let elapsed = 0;
  for (let start = 0; start < size; start += callSize) {
    const chunks: EmbeddedChunk[] = [];
    for (let position = start; position < Math.min(size, start + callSize); position++) {
      const documentId = `document-${position % documents}`;
      chunks.push({
        chunk: {
          id: `chunk-${position}`,
          projectId,
          documentId,
          position,
          text: `Benchmark chunk ${position} of ${documentId}.`,
          headingPath: ['Benchmark'],
          tokenCount: 8,
          charStart: 0,
          charEnd: 40,
          metadata: {},
        },
        embedding: unitVector(next),
      });
    }
    const started = performance.now();
    await store.upsert(projectId, chunks);
    elapsed += performance.now() - started;
  }
  console.log(
    `${size} vectors: upsert ${Math.round(size / (elapsed / 1000))} vectors/s (${(elapsed / 1000).toFixed(1)} s)`,
  );
  const query = unitVector(seededRandom(7));
  console.log(
    `  query top-8: ${await latencies(() => store.query(projectId, { embedding: query, topK: 8 }))}`,
  );
  const filtered = { embedding: query, topK: 8, documentIds: ['document-3', 'document-4'] };
  console.log(`  query top-8, 2 documents: ${await latencies(() => store.query(projectId, filtered))}`);
  await store.dropProject(projectId);
}
