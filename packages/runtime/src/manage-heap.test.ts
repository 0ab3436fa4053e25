import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ compacted: 0, started: 0, stopped: 0 }));
vi.mock('./heap-compaction.js', () => ({
  compactHeap: () => {
    calls.compacted++;
    return true;
  },
  compactWhenIdle: () => {
    calls.started++;
    return () => {
      calls.stopped++;
    };
  },
}));

const { createChatBuddy } = await import('./chat-buddy.js');
const { createLogger } = await import('./logger.js');
const { inMemoryResources } = await import('./testing/in-memory-resources.js');

describe('manageHeap', () => {
  it('leaves the heap of a host process alone until asked, then compacts once and after idle spells until close', async () => {
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', logLevel: 'silent' },
      { resources: inMemoryResources().resources, logger: createLogger({ logLevel: 'silent' }) },
    );
    await runtime.warmUp();
    expect(calls).toEqual({ compacted: 0, started: 0, stopped: 0 });
    runtime.manageHeap();
    runtime.manageHeap();
    expect(calls).toEqual({ compacted: 1, started: 1, stopped: 0 });
    await runtime.close();
    expect(calls).toEqual({ compacted: 1, started: 1, stopped: 1 });
    runtime.manageHeap();
    expect(calls).toEqual({ compacted: 1, started: 1, stopped: 1 });
  });
});
