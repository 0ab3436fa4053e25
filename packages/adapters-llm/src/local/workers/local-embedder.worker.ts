// Entry of the local embedder's worker thread: the same `LocalEmbedder` as the main thread, so
// the vectors are the same to the bit.
import { parentPort } from 'node:worker_threads';
import { isDomainError } from '@chatbuddy/core';
import { LocalEmbedder } from '../local-embedder.js';
import type { EmbeddingAnswer, EmbeddingRequest } from './embedding-protocol.js';

/** One embedder per settings, kept for the worker's life (its term-weight cache warms up). */
const embedders = new Map<string, LocalEmbedder>();

function embedderFor(settings: EmbeddingRequest['settings']): LocalEmbedder {
  const key = JSON.stringify(settings);
  let embedder = embedders.get(key);
  if (!embedder) {
    embedder = new LocalEmbedder(settings);
    embedders.set(key, embedder);
  }
  return embedder;
}

function answer({ settings, texts }: EmbeddingRequest): EmbeddingAnswer {
  try {
    const embedder = embedderFor(settings);
    const values = new Float64Array(texts.length * embedder.dimensions);
    for (const [index, text] of texts.entries())
      values.set(embedder.vector(text), index * embedder.dimensions);
    return { kind: 'vectors', values };
  } catch (error) {
    if (isDomainError(error)) {
      const { message, code, details, retryable } = error;
      return { kind: 'error', message, code, details, retryable };
    }
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: EmbeddingRequest) => {
  const reply = answer(request);
  parentPort?.postMessage(reply, reply.kind === 'vectors' ? [reply.values.buffer as ArrayBuffer] : []);
});
