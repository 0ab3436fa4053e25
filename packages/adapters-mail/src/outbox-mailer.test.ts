import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailerContract } from '@chatbuddy/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxMailer, outboxPath, readOutbox } from './outbox-mailer.js';

const directories: string[] = [];
async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'chatbuddy-outbox-'));
  directories.push(directory);
  return join(directory, 'data');
}
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

let current = '';
mailerContract('OutboxMailer', {
  makeSubject: async () => {
    current = await freshDirectory();
    return new OutboxMailer(current);
  },
  delivered: () => readOutbox(current),
});

describe('OutboxMailer', () => {
  it('appends one JSON line per email and logs recipient, subject and text', async () => {
    const dataDir = await freshDirectory();
    const logged: string[] = [];
    const mailer = new OutboxMailer(
      dataDir,
      (message) => logged.push(message),
      () => new Date('2026-05-01T00:00:00Z'),
    );
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        mailer.send({
          to: `u${index}@example.com`,
          subject: `Code ${index}`,
          text: `Your code is 1234${index}`,
          html: '<p>x</p>',
        }),
      ),
    );
    const entries = await readOutbox(dataDir);
    expect(entries).toHaveLength(20);
    expect(entries[0]).toMatchObject({ sentAt: '2026-05-01T00:00:00.000Z', id: expect.any(String) });
    expect(logged[0]).toMatch(/^Email to u\d+@example\.com: Code \d+\nYour code is/);
  });

  it('reads an absent outbox as empty and skips a damaged line', async () => {
    const dataDir = await freshDirectory();
    expect(await readOutbox(dataDir)).toEqual([]);
    const mailer = new OutboxMailer(dataDir);
    await mailer.send({ to: 'a@example.com', subject: 'One', text: 'x', html: 'x' });
    await appendFile(outboxPath(dataDir), '{"to": "cut sh');
    await writeFile(join(dataDir, 'other.txt'), 'ignored');
    expect((await readOutbox(dataDir)).map((entry) => entry.subject)).toEqual(['One']);
  });
});
