import type { Embedder } from '@chatbuddy/core';
import { expect, it } from 'vitest';
import type { FakeProviderServer } from './fake-provider-server.js';
import { domainErrorOf } from './hosted-chat-model-scenarios.js';

/** An embedding adapter under test and the fake server it talks to. */
export interface EmbedderFixture {
  server: () => FakeProviderServer;
  /** The adapter with test timings and a batch size of 2, so that three texts take two requests. */
  embedder: (overrides?: { apiKey?: string }) => Embedder;
  embedPath: string;
  /** The vendor's error body for `status`. */
  errorBody: (status: number) => unknown;
  /** Whether the provider takes an API key. */
  usesApiKey: boolean;
}

/** Batching, order, retries and error mapping of every hosted embedder. */
export function hostedEmbedderScenarios(fixture: EmbedderFixture): void {
  const attempts = () => fixture.server().attempts(fixture.embedPath);

  it('keeps the input order across batches', async () => {
    const embedder = fixture.embedder();
    const texts = ['refund policy', 'opening hours', 'shipping to Norway', 'refund policy'];
    const together = await embedder.embed(texts, { purpose: 'document' });
    expect(attempts()).toBe(2);
    for (const [index, text] of texts.entries()) {
      const [alone] = await embedder.embed([text], { purpose: 'document' });
      expect(together[index]).toEqual(alone);
    }
    expect(together[0]).toEqual(together[3]);
    expect(together[0]).not.toEqual(together[1]);
  });

  it('retries a 429 and then succeeds', async () => {
    fixture
      .server()
      .queuedReplies.push({ status: 429, headers: { 'retry-after': '0' }, body: fixture.errorBody(429) });
    const vectors = await fixture.embedder().embed(['refund policy'], { purpose: 'query' });
    expect(vectors).toHaveLength(1);
    expect(attempts()).toBe(2);
  });

  it('maps a persistent 500 to provider_error', async () => {
    fixture.server().persistentReply = { status: 500, body: fixture.errorBody(500) };
    const error = await domainErrorOf(fixture.embedder().embed(['refund policy'], { purpose: 'query' }));
    expect(error.code).toBe('provider_error');
    expect(attempts()).toBe(3);
  });

  it('refuses vectors of another size than declared', async () => {
    fixture.server().forcedVectorSize = 5;
    const error = await domainErrorOf(fixture.embedder().embed(['refund policy'], { purpose: 'document' }));
    expect(error.code).toBe('provider_error');
    expect(error.message).toMatch(/dimensions/);
  });

  if (!fixture.usesApiKey) return;
  it('never puts a rejected API key in the error', async () => {
    const secret = 'key-that-must-not-leak-0987654321';
    const error = await domainErrorOf(
      fixture.embedder({ apiKey: secret }).embed(['x'], { purpose: 'query' }),
    );
    expect(error.code).toBe('provider_error');
    expect([error.message, error.stack, JSON.stringify(error)].join('\n')).not.toContain('0987654321');
  });
}
