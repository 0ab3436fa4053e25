import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ compacted: 0, started: 0, stopped: 0, thread: 0 }));
const idle = vi.hoisted(() => ({ compact: null as (() => unknown) | null }));
vi.mock('./heap-compaction.js', () => ({
  compactHeap: () => {
    calls.compacted++;
    return true;
  },
  compactWhenIdle: (options: { compact?: () => unknown } = {}) => {
    idle.compact = options.compact ?? null;
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
    const { resources } = inMemoryResources();
    // The embedded database's own thread (decision 0029) is compacted with the main one.
    resources.persistence.compactHeap = async () => {
      calls.thread++;
      return true;
    };
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', logLevel: 'silent' },
      { resources, logger: createLogger({ logLevel: 'silent' }) },
    );
    await runtime.warmUp();
    expect(calls).toEqual({ compacted: 0, started: 0, stopped: 0, thread: 0 });
    runtime.manageHeap();
    runtime.manageHeap();
    expect(calls).toEqual({ compacted: 1, started: 1, stopped: 0, thread: 1 });
    // After a spell of traffic, the idle compaction compacts both heaps again.
    idle.compact?.();
    expect(calls).toEqual({ compacted: 2, started: 1, stopped: 0, thread: 2 });
    await runtime.close();
    expect(calls).toEqual({ compacted: 2, started: 1, stopped: 1, thread: 2 });
    runtime.manageHeap();
    expect(calls).toEqual({ compacted: 2, started: 1, stopped: 1, thread: 2 });
  });
});
