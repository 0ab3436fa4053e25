import { createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { inMemoryResources } from '@chatbuddy/runtime/testing';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../io.js';
import { runCli } from '../program.js';

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
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const status = await runCli(argv, { openRuntime, io });
  return { status, out: out.join(''), err: err.join('') };
};

describe('chatbuddy audit', () => {
  it('shows what operators did, as a table and as JSON, filtered by action', async () => {
    expect((await run('audit')).out).toBe('No audit entries.\n');
    await run('users', 'create', '--email', 'jane@example.com', '--password', 'violet-otter-4-lamp');
    expect((await run('users', 'disable', 'jane@example.com')).status).toBe(0);
    const human = await run('audit');
    expect(human.status).toBe(0);
    expect(human.out).toMatch(/^TIME\s+ACTION\s+ACTOR\s+TARGET/);
    expect(human.out).toMatch(/user_status_changed\s+operator\s+user [0-9a-f-]{36}/);
    const json = await run('audit', '--json', '--action', 'user_status_changed');
    expect(JSON.parse(json.out)).toEqual({
      items: [
        expect.objectContaining({
          action: 'user_status_changed',
          actorId: null,
          details: { email: 'jane@example.com', from: 'active', to: 'disabled' },
        }),
      ],
      nextCursor: null,
    });
    expect(JSON.parse((await run('audit', '--json', '--action', 'login_failed')).out).items).toEqual([]);
  });

  it('refuses a bad filter with a usage error', async () => {
    const bad = await run('audit', '--action', 'nonsense');
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/action/);
  });
});
