import type { EmbedOptions, Embedder } from '@chatbuddy/core';
import type { GoogleGenAI } from '@google/genai';
import { batchesOf, checkedVectors, nonEmpty, normalised } from '../shared/embedding-batches.js';
import type { HostedProviderOptions } from '../shared/hosted-options.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { createGeminiClient } from './gemini-client.js';

export interface GeminiEmbedderOptions extends HostedProviderOptions {
  /** Embedding model (default `gemini-embedding-001`). */
  model?: string;
  /** Output dimensionality sent with every request (default 768). */
  dimensions?: number;
  /** Texts per `batchEmbedContents` request (the API takes up to 100). */
  batchSize?: number;
}

/**
 * `Embedder` on Gemini `batchEmbedContents`, with retrieval task types for queries and documents.
 * Vectors are normalised to unit length (Gemini leaves reduced dimensionalities unnormalised).
 */
export class GeminiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly modelName: string;
  private readonly batchSize: number;
  private readonly caller: ProviderCaller;
  private readonly client: GoogleGenAI;

  constructor(options: GeminiEmbedderOptions) {
    this.modelName = options.model ?? 'gemini-embedding-001';
    this.dimensions = options.dimensions ?? 768;
    this.model = `gemini:${this.modelName}:${this.dimensions}`;
    this.batchSize = Math.max(1, Math.min(100, options.batchSize ?? 100));
    this.caller = new ProviderCaller('Gemini', options);
    this.client = createGeminiClient(options);
  }

  /** One vector per text, in order; see `Embedder.embed`. */
  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    const taskType = options.purpose === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT';
    const vectors: number[][] = [];
    for (const batch of batchesOf(texts, this.batchSize)) {
      const embeddings = await this.caller.call(async (signal) => {
        const response = await this.client.models.embedContent({
          model: this.modelName,
          contents: batch.map((text) => ({ role: 'user', parts: [{ text: nonEmpty(text) }] })),
          config: { taskType, outputDimensionality: this.dimensions, abortSignal: signal },
        });
        return response.embeddings ?? [];
      }, options.signal);
      const checked = checkedVectors(
        'Gemini',
        embeddings.map((embedding) => embedding.values),
        batch.length,
        this.dimensions,
      );
      vectors.push(...checked.map(normalised));
    }
    return vectors;
  }
}
