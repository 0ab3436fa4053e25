/**
 * The Chroma ceiling: how fast a Chroma server takes our vectors with nothing else in the way.
 * The 1 MB bench corpus is chunked and embedded as an upload would be (core's chunker, the local
 * embedder, 512 dimensions), turned into the adapter's own records (`chromaRecords`: same ids
 * and metadata; no text, as the server writes them since its chunks come from the chunk rows, or
 * with each chunk's text under `--with-text`, as a store without a chunk source writes them), then
 * upserted with the raw chromadb client into a scratch collection, one request after another, for
 * each batch size. Reports vectors per second and what that is in MB
 * of the corpus per second, the bound for uploads that write one batch per request.
 *
 *   pnpm exec tsx --conditions=@chatbuddy/source packages/evaluation/scripts/bench/chroma-ceiling.ts \
 *     [--chroma-url http://127.0.0.1:8000] [--batch-sizes 20,100,500] [--megabytes 1] [--with-text] [--json]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromaRecords } from '@chatbuddy/adapters-chroma';
import { LocalEmbedder, TiktokenCounter } from '@chatbuddy/adapters-llm';
import { type EmbeddedChunk, chunkDocument, embeddingText, parseMarkdownText } from '@chatbuddy/core';
import { ChromaClient } from 'chromadb';
import { corpusDocuments } from './corpus.js';

interface CeilingRow {
  batchSize: number;
  requests: number;
  vectors: number;
  seconds: number;
  vectorsPerSecond: number;
  millisecondsPerRequest: number;
  /** Megabytes of the corpus per second at this rate (its chunks per megabyte, as uploaded). */
  megabytesPerSecond: number;
}

const { values } = parseArgs({
  options: {
    'chroma-url': { type: 'string', default: process.env.CHROMA_URL ?? 'http://127.0.0.1:8000' },
    'batch-sizes': { type: 'string', default: '20,100,500' },
    megabytes: { type: 'string', default: '1' },
    'with-text': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const batchSizes = values['batch-sizes'].split(',').map(Number);
const megabytes = Number(values.megabytes);
const url = new URL(values['chroma-url']);

/** The corpus's chunks with their vectors, built as the indexer builds them. */
async function corpusRecords(projectId: string) {
  const tokens = new TiktokenCounter();
  const embedder = new LocalEmbedder();
  const entries: EmbeddedChunk[] = [];
  let bytes = 0;
  for (const document of corpusDocuments(megabytes * 1024 * 1024)) {
    const documentId = randomUUID();
    const chunks = chunkDocument(parseMarkdownText(document.content), tokens).map((chunk, position) => ({
      ...chunk,
      id: randomUUID(),
      projectId,
      documentId,
      position,
    }));
    const vectors = await embedder.embed(
      chunks.map((chunk) => embeddingText(document.title, chunk)),
      { purpose: 'document' },
    );
    for (const [index, chunk] of chunks.entries()) entries.push({ chunk, embedding: vectors[index]! });
    bytes += document.bytes;
  }
  return { records: chromaRecords(projectId, entries), megabytes: bytes / (1024 * 1024) };
}

async function measure(
  client: ChromaClient,
  batchSize: number,
  corpus: Awaited<ReturnType<typeof corpusRecords>>,
) {
  const name = `chatbuddy-ceiling-${randomUUID()}`;
  const collection = await client.createCollection({
    name,
    embeddingFunction: null,
    configuration: { hnsw: { space: 'cosine' } },
  });
  const { records } = corpus;
  try {
    const started = performance.now();
    let requests = 0;
    for (let start = 0; start < records.ids.length; start += batchSize) {
      const end = start + batchSize;
      await collection.upsert({
        ids: records.ids.slice(start, end),
        embeddings: records.embeddings.slice(start, end),
        ...(values['with-text'] ? { documents: records.documents.slice(start, end) } : {}),
        metadatas: records.metadatas.slice(start, end),
      });
      requests++;
    }
    const seconds = (performance.now() - started) / 1000;
    const vectors = records.ids.length;
    const vectorsPerSecond = vectors / seconds;
    return {
      batchSize,
      requests,
      vectors,
      seconds,
      vectorsPerSecond,
      millisecondsPerRequest: (seconds * 1000) / requests,
      megabytesPerSecond: vectorsPerSecond / (vectors / corpus.megabytes),
    } satisfies CeilingRow;
  } finally {
    await client.deleteCollection({ name });
  }
}

const client = new ChromaClient({
  host: url.hostname,
  port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
  ssl: url.protocol === 'https:',
});
const corpus = await corpusRecords(randomUUID());
const loadAtStart = loadavg()[0]!;
const rows: CeilingRow[] = [];
for (const batchSize of batchSizes) rows.push(await measure(client, batchSize, corpus));
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
    `Chroma ceiling, ${corpus.records.ids.length} vectors of ${corpus.megabytes.toFixed(2)} MB, ${values['with-text'] ? 'with' : 'without'} text (load ${loadAtStart.toFixed(2)})`,
  );
  console.log('| records per upsert | ms per request | vectors/s | corpus MB/s |');
  console.log('|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.batchSize} | ${row.millisecondsPerRequest.toFixed(1)} | ${row.vectorsPerSecond.toFixed(0)} | ${row.megabytesPerSecond.toFixed(3)} |`,
    );
  }
}
