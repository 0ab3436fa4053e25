/**
 * Chroma's own bound: how fast a Chroma server takes the bench corpus's vectors with nothing else
 * in the way. The corpus is chunked and embedded as an upload would be (core's chunker, the local
 * embedder, 512 dimensions), turned into the adapter's own records (`chromaRecords`: as the server
 * writes them, a vector and its document id; or with each chunk's text and metadata, as a store
 * without a chunk source writes them), then upserted with the raw chromadb client into a scratch
 * collection, one request after another, and the collection is deleted.
 */
import { randomUUID } from 'node:crypto';
import { chromaRecords } from '@chatbuddy/adapters-chroma';
import { LocalEmbedder, TiktokenCounter } from '@chatbuddy/adapters-llm';
import { type EmbeddedChunk, chunkDocument, embeddingText, parseMarkdownText } from '@chatbuddy/core';
import { ChromaClient } from 'chromadb';
import { corpusDocuments } from './corpus.js';

/** Records per request: a fixed number, or `document` for one request per document as uploads send them. */
export type RequestSize = number | 'document';

export interface ChromaBound {
  requestSize: RequestSize;
  requests: number;
  vectors: number;
  seconds: number;
  vectorsPerSecond: number;
  millisecondsPerRequest: number;
  /** Megabytes of the corpus per second at this rate (its chunks per megabyte, as uploaded). */
  megabytesPerSecond: number;
}

type Records = ReturnType<typeof chromaRecords>;

/** The corpus's records, built as the indexer builds them, with where each document's records start. */
export interface BoundCorpus {
  records: Records;
  /** Index of each document's first record, then the number of records. */
  documentStarts: number[];
  megabytes: number;
}

/** The first `megabytes` of the bench corpus as Chroma records. */
export async function boundCorpus(megabytes: number, withText = false): Promise<BoundCorpus> {
  const projectId = randomUUID();
  const tokens = new TiktokenCounter();
  const embedder = new LocalEmbedder();
  const entries: EmbeddedChunk[] = [];
  const documentStarts: number[] = [];
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
    documentStarts.push(entries.length);
    for (const [index, chunk] of chunks.entries()) entries.push({ chunk, embedding: vectors[index]! });
    bytes += document.bytes;
  }
  documentStarts.push(entries.length);
  return {
    records: chromaRecords(projectId, entries, { vectorsOnly: !withText }),
    documentStarts,
    megabytes: bytes / (1024 * 1024),
  };
}

/** A client of the server at `url` (`http(s)://host:port`). */
export function chromaClient(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    ssl: parsed.protocol === 'https:',
  });
}

/** Upserts the whole corpus into a scratch collection in requests of `requestSize`, then deletes it. */
export async function measureChromaBound(
  client: ChromaClient,
  corpus: BoundCorpus,
  requestSize: RequestSize,
): Promise<ChromaBound> {
  const { records } = corpus;
  const cuts =
    requestSize === 'document'
      ? corpus.documentStarts
      : [
          ...Array.from(
            { length: Math.ceil(records.ids.length / requestSize) },
            (_, index) => index * requestSize,
          ),
          records.ids.length,
        ];
  const name = `chatbuddy-bound-${randomUUID()}`;
  const collection = await client.createCollection({
    name,
    embeddingFunction: null,
    configuration: { hnsw: { space: 'cosine' } },
  });
  try {
    const withText = records.documents.length > 0;
    const started = performance.now();
    let requests = 0;
    for (let index = 0; index + 1 < cuts.length; index++) {
      const [start, end] = [cuts[index]!, cuts[index + 1]!];
      if (end === start) continue;
      await collection.upsert({
        ids: records.ids.slice(start, end),
        embeddings: records.embeddings.slice(start, end),
        ...(withText ? { documents: records.documents.slice(start, end) } : {}),
        metadatas: records.metadatas.slice(start, end),
      });
      requests++;
    }
    const seconds = (performance.now() - started) / 1000;
    const vectors = records.ids.length;
    const vectorsPerSecond = vectors / seconds;
    return {
      requestSize,
      requests,
      vectors,
      seconds,
      vectorsPerSecond,
      millisecondsPerRequest: (seconds * 1000) / requests,
      megabytesPerSecond: corpus.megabytes / seconds,
    };
  } finally {
    await client.deleteCollection({ name });
  }
}
