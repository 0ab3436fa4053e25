import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatBuddy, createLogger, outboxPath } from '@chatbuddy/runtime';
import { inMemoryResources } from '@chatbuddy/runtime/testing';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.js';
import { runCli } from '../program.js';
import { registerOutboxCommand } from './outbox.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

// One in-memory store shared by every command run (each run opens and closes a runtime).
const { resources } = inMemoryResources();
const openRuntime = () =>
  createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent' },
    {
      resources: { ...resources, persistence: { ...resources.persistence, close: async () => {} } },
      logger: createLogger({ logLevel: 'silent' }),
    },
  );
const run = async (...argv: string[]) => {
  const output = capture();
  const status = await runCli(argv, { openRuntime, io: output.io });
  return { status, out: output.out(), err: output.err() };
};

describe('chatbuddy users', () => {
  it('creates a verified admin, lists users, and disables by email', async () => {
    const created = await run(
      'users',
      'create',
      '--admin',
      '--email',
      'Ops@Example.com',
      '--password',
      'violet-otter-4-lamp',
    );
    expect(created.status).toBe(0);
    expect(created.out).toMatch(/^Created ops@example\.com \(admin, active, verified\) id [0-9a-f-]{36}\n$/);
    const json = await run(
      'users',
      'create',
      '--email',
      'jane@example.com',
      '--password',
      'violet-otter-4-lamp',
      '--name',
      'Jane',
      '--json',
    );
    expect(JSON.parse(json.out).user).toMatchObject({
      email: 'jane@example.com',
      name: 'Jane',
      role: 'user',
      emailVerified: true,
    });
    const list = await run('users', 'list');
    expect(list.out).toMatch(/EMAIL\s+ROLE\s+STATUS/);
    expect(list.out).toContain('ops@example.com');
    expect(list.out).not.toContain('fake:');
    const disabled = await run('users', 'disable', 'jane@example.com', '--json');
    expect(JSON.parse(disabled.out).user.status).toBe('disabled');
  });

  it('fails with a non-zero status and a clear message', async () => {
    const weak = await run('users', 'create', '--email', 'x@example.com', '--password', 'password');
    expect(weak.status).toBe(2);
    expect(weak.err).toMatch(/invalid_input.*password/i);
    const duplicate = await run(
      'users',
      'create',
      '--email',
      'ops@example.com',
      '--password',
      'violet-otter-4-lamp',
      '--json',
    );
    expect(duplicate.status).not.toBe(0);
    expect(JSON.parse(duplicate.err).error).toMatchObject({
      code: 'email_already_exists',
      message: 'A user with this email already exists',
    });
    const missing = await run('users', 'disable', 'nobody@example.com');
    expect(missing.status).toBe(3);
    expect(missing.err).toContain('user_not_found');
  });
});

describe('chatbuddy outbox', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('shows the latest emails, filtered by recipient, as text or JSON', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-outbox-'));
    directories.push(dataDir);
    const lines = [
      {
        id: '1',
        sentAt: '2026-05-01T00:00:00.000Z',
        to: 'jane@example.com',
        subject: 'Your code: 123456',
        text: 'Your code is 123456',
        html: '',
      },
      {
        id: '2',
        sentAt: '2026-05-01T00:01:00.000Z',
        to: 'bob@example.com',
        subject: 'Hello',
        text: 'Hi Bob',
        html: '',
      },
    ];
    await writeFile(outboxPath(dataDir), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const output = capture();
    const program = new Command().exitOverride();
    registerOutboxCommand(program, output.io, () => dataDir);
    await program.parseAsync(['outbox', '--to', 'Jane@example.com'], { from: 'user' });
    expect(output.out()).toContain('Subject: Your code: 123456');
    expect(output.out()).not.toContain('Hi Bob');
    const json = capture();
    const jsonProgram = new Command().exitOverride();
    registerOutboxCommand(jsonProgram, json.io, () => dataDir);
    await jsonProgram.parseAsync(['outbox', '--json'], { from: 'user' });
    expect(JSON.parse(json.out()).emails).toHaveLength(2);
    const code = capture();
    const codeProgram = new Command().exitOverride();
    registerOutboxCommand(codeProgram, code.io, () => dataDir);
    await codeProgram.parseAsync(['outbox', '--to', 'jane@example.com', '--code'], { from: 'user' });
    expect(code.out()).toBe('123456\n');
    const none = new Command().exitOverride();
    registerOutboxCommand(none, capture().io, () => dataDir);
    await expect(
      none.parseAsync(['outbox', '--to', 'bob@example.com', '--code'], { from: 'user' }),
    ).rejects.toThrow('No email to bob@example.com with a code in the outbox');
    // An outbox that holds emails, none of them to this address, is not empty.
    const nobody = capture();
    const nobodyProgram = new Command().exitOverride();
    registerOutboxCommand(nobodyProgram, nobody.io, () => dataDir);
    await nobodyProgram.parseAsync(['outbox', '--to', 'nobody@example.com'], { from: 'user' });
    expect(nobody.out()).toBe(`No email to nobody@example.com in the outbox (${outboxPath(dataDir)}).\n`);
  });
});
