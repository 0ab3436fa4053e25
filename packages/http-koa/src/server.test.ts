import { FakeTokenCounter } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.js';

describe('startServer', () => {
  it("leaves the tokenizer's tables to its first count: an idle server does not hold them", async () => {
    let warmUps = 0;
    const tokenCounter = Object.assign(new FakeTokenCounter(), { warmUp: () => warmUps++ });
    const server = await startTestServer({ resources: { tokenCounter } });
    try {
      expect((await server.request('/health')).status).toBe(200);
      expect(warmUps).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
