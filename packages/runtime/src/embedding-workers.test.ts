import { LocalEmbedder, PooledLocalEmbedder } from '@chatbuddy/adapters-llm';
import { type EmbeddedChunk, ModelGateway } from '@chatbuddy/core';
import { describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import type { ChatBuddyConfigInput } from './config.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

const handbook = `# Staff handbook

## Leave

Employees take 25 days of paid leave a year; requests go to the team lead two weeks ahead.

## Expenses

Travel is booked through the office; receipts are filed within 30 days of the trip.
`;

/** A runtime on in-memory storage with the configured models, and the vectors it stores. */
async function openRuntime(config: Partial<ChatBuddyConfigInput>) {
  const { resources } = inMemoryResources();
  const { models: _models, ...withoutModels } = resources;
  const stored: EmbeddedChunk[] = [];
  const upsert = resources.vectorStore.upsert.bind(resources.vectorStore);
  resources.vectorStore.upsert = (projectId, chunks) => {
    stored.push(...chunks);
    return upsert(projectId, chunks);
  };
  const runtime = await createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', ...config },
    { resources: withoutModels, logger: createLogger({ logLevel: 'silent' }) },
  );
  return { runtime, stored };
}

async function uploadHandbook(runtime: Awaited<ReturnType<typeof openRuntime>>['runtime']) {
  const { project } = await runtime.projects.create({ name: 'Handbook' });
  await runtime.documents.upload(project.id, { title: 'Staff handbook', content: handbook });
}

describe('embedding workers', () => {
  it('are off unless configured: the server embeds on its main thread', async () => {
    const { runtime } = await openRuntime({});
    try {
      const embedder = runtime.get<ModelGateway>(ModelGateway).embedder('local');
      expect(embedder).toBeInstanceOf(LocalEmbedder);
    } finally {
      await runtime.close();
    }
  });

  it('store the same vectors as the main thread, and stop when the runtime closes', async () => {
    const inThread = await openRuntime({});
    const pooled = await openRuntime({ embeddingWorkers: 1 });
    const embedder = pooled.runtime.get<ModelGateway>(ModelGateway).embedder('local');
    try {
      expect(embedder).toBeInstanceOf(PooledLocalEmbedder);
      await uploadHandbook(inThread.runtime);
      await uploadHandbook(pooled.runtime);
    } finally {
      await Promise.all([inThread.runtime.close(), pooled.runtime.close()]);
    }
    const byText = (chunks: EmbeddedChunk[]) =>
      chunks
        .map(({ chunk, embedding }) => ({ text: chunk.text, embedding }))
        .sort((a, b) => a.text.localeCompare(b.text));
    expect(pooled.stored.length).toBeGreaterThan(0);
    expect(byText(pooled.stored)).toEqual(byText(inThread.stored));
    // Closed: its workers are gone, so a late batch is refused instead of starting one.
    await expect(embedder.embed(['late'], { purpose: 'document' })).rejects.toMatchObject({
      code: 'provider_error',
    });
  }, 120_000);
});
