import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Logger, MailDispatcher } from '@chatbuddy/core';
import type { RecordingMailer } from '@chatbuddy/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { createLogger, PinoLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

/** A pino logger at `warn` whose JSON lines are kept. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ logLevel: 'warn' }, stream) };
}

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('PinoLogger', () => {
  it('writes one warning line with the fields and the error under `err`', async () => {
    const { lines, logger } = capture();
    const failure = Object.assign(new Error('vector store unavailable'), { code: 'dependency_unavailable' });
    new PinoLogger(logger).warn('vectors could not be removed', {
      projectId: 'p1',
      documentId: 'd1',
      error: failure,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'vectors could not be removed',
      projectId: 'p1',
      documentId: 'd1',
      err: { type: 'Error', message: 'vector store unavailable', code: 'dependency_unavailable' },
    });
    expect(lines[0]).not.toHaveProperty('error');
  });

  it('is the Logger port of an instance, so a failed email shows in its log', async () => {
    const { lines, logger } = capture();
    const { resources, ports } = inMemoryResources();
    const { logger: _recording, ...rest } = resources;
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-logger-'));
    directories.push(dataDir);
    const runtime = await createChatBuddy({ nodeEnv: 'test', dataDir }, { resources: rest, logger });
    expect(runtime.get(Logger)).toBeInstanceOf(PinoLogger);
    (ports.mailer as RecordingMailer).failWith = new Error('provider rejected the request');
    const mail = runtime.get<MailDispatcher>(MailDispatcher);
    mail.dispatch({
      to: 'ada@example.com',
      subject: 'Code',
      text: 'Code',
      html: '<p>Code</p>',
      tag: 'verify_email',
    });
    await mail.idle();
    await runtime.close();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'email could not be sent',
        tag: 'verify_email',
        err: expect.objectContaining({ message: 'provider rejected the request' }),
      }),
    );
  });
});
