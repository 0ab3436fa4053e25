import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChatBuddy, createChatBuddy } from '@chatbuddy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { listenError } from './serving.js';

let dataDir: string;
let runtime: ChatBuddy;
let taken: Server;
let port: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as { port: number }).port;
  dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-serving-'));
  runtime = await createChatBuddy({ dataDir, nodeEnv: 'test', logLevel: 'silent', port, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await runtime.close();
  await new Promise((resolve) => taken.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

describe('serve and demo on a port they cannot listen on', () => {
  it.each(['serve', 'demo'])(
    'chatbuddy %s says the port is in use, on one line, and closes the runtime',
    { timeout: 60_000 },
    async (command) => {
      const err: string[] = [];
      let closed = false;
      const status = await runCli([command], {
        openRuntime: async () => ({
          ...runtime,
          close: async () => {
            closed = true;
          },
        }),
        io: { stdout: () => {}, stderr: (text) => err.push(text) },
        shutdown: () => new Promise(() => {}),
      });
      expect(err.join('')).toBe(
        `Error (conflict): Port ${port} on 127.0.0.1 is already in use by another program: stop it, or choose another with --port or PORT\n`,
      );
      expect(status).toBe(5);
      expect(closed).toBe(true);
    },
  );

  it('names --host for a host that is not this machine, and leaves other errors alone', () => {
    const where = { port: 5000, host: 'not a host' };
    expect(listenError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), where)?.message).toMatch(
      /^Cannot listen on host not a host: .* --host or HOST/,
    );
    expect(listenError(Object.assign(new Error('x'), { code: 'EACCES' }), where)?.code).toBe('invalid_input');
    expect(listenError(new Error('something else'), where)).toBeNull();
  });
});
