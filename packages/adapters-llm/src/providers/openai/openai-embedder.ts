import type { EmbedOptions, Embedder } from '@chatbuddy/core';
import type OpenAI from 'openai';
import { batchesOf, checkedVectors, nonEmpty } from '../shared/embedding-batches.js';
import type { HostedProviderOptions } from '../shared/hosted-options.js';
import { ProviderCaller } from '../shared/provider-caller.js';
import { createOpenAiClient } from './openai-chat-model.js';

const nativeDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface OpenAiEmbedderOptions extends HostedProviderOptions {
  /** Embedding model (default `text-embedding-3-small`). */
  model?: string;
  /** Vector size; below the model's native size it is sent as `dimensions` (v3 models shorten). */
  dimensions?: number;
  /** Texts per request (the API takes up to 2048). */
  batchSize?: number;
}

/** `Embedder` on OpenAI embeddings; vectors come back in input order whatever order the API uses. */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly modelName: string;
  private readonly shortened: boolean;
  private readonly batchSize: number;
  private readonly caller: ProviderCaller;
  private readonly client: OpenAI;

  constructor(options: OpenAiEmbedderOptions) {
    this.modelName = options.model ?? 'text-embedding-3-small';
    const native = nativeDimensions[this.modelName];
    const dimensions = options.dimensions ?? native;
    if (!dimensions) throw new Error(`Set the embedding dimensions of OpenAI model ${this.modelName}`);
    this.dimensions = dimensions;
    this.shortened = dimensions !== native;
    this.model = `openai:${this.modelName}${this.shortened ? `:${dimensions}` : ''}`;
    this.batchSize = Math.max(1, Math.min(2048, options.batchSize ?? 512));
    this.caller = new ProviderCaller('OpenAI', options);
    this.client = createOpenAiClient(options, this.caller);
  }

  /** One vector per text, in order; see `Embedder.embed`. */
  async embed(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const batch of batchesOf(texts, this.batchSize)) {
      const data = await this.caller.call(async (signal) => {
        const response = await this.client.embeddings.create(
          {
            model: this.modelName,
            input: batch.map(nonEmpty),
            ...(this.shortened ? { dimensions: this.dimensions } : {}),
          },
          { signal },
        );
        return response.data;
      }, options.signal);
      const ordered = new Array<number[] | undefined>(batch.length);
      for (const item of data) ordered[item.index] = item.embedding;
      vectors.push(...checkedVectors('OpenAI', ordered, batch.length, this.dimensions));
    }
    return vectors;
  }
}
