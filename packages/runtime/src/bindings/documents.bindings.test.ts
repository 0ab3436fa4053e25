import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainError, isDomainError } from '@chatbuddy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatBuddy } from '../chat-buddy.js';
import { configFromEnv } from '../config.js';
import { createLogger } from '../logger.js';
import { inMemoryResources } from '../testing/in-memory-resources.js';

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

/** A runtime on in-memory fakes, except the parser: the default FileDocumentParser, as configured. */
async function open(config: Record<string, unknown>) {
  const { resources } = inMemoryResources();
  const { parser: _parser, ...rest } = resources;
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-documents-'));
  directories.push(dataDir);
  return createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', dataDir, ...config },
    { resources: rest, logger: createLogger({ logLevel: 'silent' }) },
  );
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isDomainError(error), `expected a DomainError, got ${String(error)}`).toBe(true);
  return error as DomainError;
}

describe('document bindings', () => {
  it('reads MAX_TEXT_BYTES, 5 MiB by default, and refuses anything but a positive integer', () => {
    expect(configFromEnv({}).maxTextBytes).toBe(5 * 1024 * 1024);
    expect(configFromEnv({ MAX_TEXT_BYTES: '2048' }).maxTextBytes).toBe(2048);
    for (const value of ['0', '-1', '1.5', 'lots']) {
      expect(() => configFromEnv({ MAX_TEXT_BYTES: value })).toThrow(/MAX_TEXT_BYTES/);
    }
  });

  it('applies a smaller MAX_TEXT_BYTES to files, to text uploads, and keeps documents under it', async () => {
    const runtime = await open({ maxTextBytes: 2048 });
    try {
      const { project } = await runtime.projects.create({ name: 'Limits' });
      const long = `# Handbook\n\n${'Returns are accepted within thirty days. '.repeat(60)}`;
      const file = await failure(
        runtime.documents.uploadFile(project.id, { filename: 'handbook.md', bytes: Buffer.from(long) }),
      );
      expect(file.code).toBe('payload_too_large');
      // The parser refuses it, configured from the same variable as the use cases.
      expect(file.details).toEqual({ reason: 'text_too_large', maxBytes: 2048 });
      const text = await failure(runtime.documents.upload(project.id, { content: long }));
      expect(text.code).toBe('payload_too_large');
      expect(text.details).toMatchObject({ maxBytes: 2048 });
      const short = Buffer.from('# Handbook\n\nReturns are accepted within thirty days.');
      const stored = await runtime.documents.uploadFile(project.id, { filename: 'short.md', bytes: short });
      expect(stored.title).toBe('Handbook');
    } finally {
      await runtime.close();
    }
  });
});
