import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxMailer } from '@chatbuddy/adapters-mail';
import * as core from '@chatbuddy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatBuddy, createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';

/** PGlite starts and migrates here; a loaded 2-core machine needs far more than the default. */
const slow = 180_000;

type UseCase = abstract new (...args: never[]) => { execute: unknown };

function isUseCase(value: unknown): value is UseCase {
  return typeof value === 'function' && typeof value.prototype?.execute === 'function';
}

/** Every class core exports with an `execute` method: a new use case without a binding fails below. */
const useCases = Object.entries(core).flatMap(([name, value]): [string, UseCase][] =>
  isUseCase(value) ? [[name, value]] : [],
);

describe('production container (embedded default)', { timeout: slow }, () => {
  let dataDir: string;
  let runtime: ChatBuddy;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-smoke-'));
    runtime = await createChatBuddy(
      { dataDir, logLevel: 'silent' },
      { logger: createLogger({ logLevel: 'silent' }) },
    );
  }, slow);

  afterAll(async () => {
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, slow);

  it('runs on PGlite in the data folder, the local provider and the outbox mailer', async () => {
    expect(await readdir(dataDir)).not.toHaveLength(0);
    const models = runtime.get<core.ModelGateway>(core.ModelGateway);
    expect(models.embedder('local', null).model).toMatch(/^local:/);
    expect(runtime.get<core.Mailer>(core.Mailer)).toBeInstanceOf(OutboxMailer);
  });

  it('finds the use cases core exports', () => {
    const names = useCases.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining(['CheckReadiness', 'Login', 'AskQuestion', 'UploadDocument']),
    );
    expect(names.length).toBeGreaterThanOrEqual(30);
  });

  it.each(useCases)('resolves %s, once', (_name, useCase) => {
    const instance = runtime.get(useCase);
    expect(instance).toBeInstanceOf(useCase);
    expect(runtime.get(useCase)).toBe(instance);
  });

  it('is ready', async () => {
    expect((await runtime.get(core.CheckReadiness).execute()).ready).toBe(true);
  });
});
