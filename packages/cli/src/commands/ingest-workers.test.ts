import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddyConfig } from '@chatbuddy/runtime/config';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../open-runtime.js';
import { runCli } from '../program.js';
import { ingestEmbeddingWorkers } from './ingest.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('chatbuddy ingest on several cores', () => {
  it('asks for embedding workers by default, leaving the environment the last word', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'chatbuddy-ingest-workers-'));
    await writeFile(join(folder, 'faq.md'), '# FAQ\n\nWe open at nine.\n');
    const asked: Array<{ overrides?: Partial<ChatBuddyConfig>; defaults?: Partial<ChatBuddyConfig> }> = [];
    const status = await runCli(['ingest', folder, '--project', '00000000-0000-4000-8000-000000000000'], {
      openRuntime: async (overrides, defaults) => {
        asked.push({ overrides, defaults });
        throw new DomainError('project_not_found', 'Project not found');
      },
      io: { stdout: () => {}, stderr: () => {} },
    });
    expect(status).toBe(3);
    expect(ingestEmbeddingWorkers).toBeGreaterThanOrEqual(1);
    expect(asked).toEqual([{ overrides: undefined, defaults: { embeddingWorkers: ingestEmbeddingWorkers } }]);
  });

  it('applies a command default only where the environment is silent', () => {
    vi.stubEnv('EMBEDDING_WORKERS', '');
    delete process.env.EMBEDDING_WORKERS;
    expect(loadConfig({}, { embeddingWorkers: 1 }).embeddingWorkers).toBe(1);
    expect(loadConfig().embeddingWorkers).toBeUndefined();
    vi.stubEnv('EMBEDDING_WORKERS', '0');
    expect(loadConfig({}, { embeddingWorkers: 1 }).embeddingWorkers).toBe(0);
    expect(loadConfig({ embeddingWorkers: 3 }, { embeddingWorkers: 1 }).embeddingWorkers).toBe(3);
  });
});
