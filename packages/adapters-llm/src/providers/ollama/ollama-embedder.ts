import type { EmbedOptions, Embedder } from '@chatbuddy/core';
import type { Ollama } from 'ollama';
import { batchesOf, checkedVectors } from '../shared/embedding-batches.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { createOllamaClient, type OllamaOptions } from './ollama-chat-model.js';

const knownDimensions: Record<string, number> = {
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'bge-m3': 1024,
  'snowflake-arctic-embed': 1024,
};

export interface OllamaEmbedderOptions extends OllamaOptions {
  /** Embedding model (default `nomic-embed-text`). */
  model?: string;
  /** Vector size; required for models this adapter does not know. */
  dimensions?: number;
  /** Texts per `/api/embed` request. */
  batchSize?: number;
}

/** `Embedder` on Ollama `/api/embed` (one request per batch, vectors in input order). */
export class OllamaEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly modelName: string;
  private readonly batchSize: number;
  private readonly caller: ProviderCaller;
  private readonly client: Ollama;

  constructor(options: OllamaEmbedderOptions) {
    this.modelName = options.model ?? 'nomic-embed-text';
    const dimensions = options.dimensions ?? knownDimensions[this.modelName.replace(/:latest$/, '')];
    if (!dimensions) throw new Error(`Set the embedding dimensions of Ollama model ${this.modelName}`);
    this.dimensions = dimensions;
    this.model = `ollama:${this.modelName}`;
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.caller = new ProviderCaller('Ollama', options);
    this.client = createOllamaClient(options);
  }

  /** One vector per text, in order; see `Embedder.embed`. */
  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const batch of batchesOf(texts, this.batchSize)) {
      const response = await this.caller.call(
        () => this.client.embed({ model: this.modelName, input: batch }),
        options.signal,
      );
      vectors.push(...checkedVectors('Ollama', response.embeddings ?? [], batch.length, this.dimensions));
    }
    return vectors;
  }
}
