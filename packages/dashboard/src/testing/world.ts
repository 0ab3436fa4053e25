// A real Chat Buddy server on the embedded default, with freshly built widget and dashboard bundles.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUser } from '@chatbuddy/core';
import { type RunningServer, startServer } from '@chatbuddy/http-koa';
import { createChatBuddy, createLogger, readOutbox } from '@chatbuddy/runtime';

export interface World {
  url: string;
  /** JSON over HTTP; `key` sends a project key, `bearer` an access token. */
  call(path: string, init?: { method?: string; json?: unknown; key?: string; bearer?: string }): Promise<any>;
  /** Creates an active administrator (as the CLI's `users create --role admin` does). */
  createAdmin(email: string, password: string): Promise<void>;
  /** The 6-digit code of the latest email to `email`. */
  lastCode(email: string): Promise<string>;
  stop(): Promise<void>;
}

/** Builds widget.js and the dashboard from the current sources, so the browser runs what the tests read. */
export function buildBundles(): void {
  for (const script of ['../../../widget/build.mjs', '../../build.mjs']) {
    const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`build failed: ${script}`);
  }
}

export async function startWorld(): Promise<World> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-dashboard-'));
  const runtime = await createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', dataDir },
    { logger: createLogger({ logLevel: 'silent' }) },
  );
  const server: RunningServer = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  return {
    url: server.url,
    async call(path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      if (init.key) headers['x-api-key'] = init.key;
      if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
      const response = await fetch(`${server.url}${path}`, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      const text = await response.text();
      return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
    },
    async createAdmin(email, password) {
      await runtime.get(CreateUser).execute({ email, password, name: 'Ada Admin', role: 'admin' });
    },
    async lastCode(email) {
      // Mail is sent in the background (the answer never waits for it): wait for it to arrive.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const mail = (await readOutbox(dataDir)).filter((entry) => entry.to === email).at(-1);
        const code = /\b(\d{6})\b/.exec(`${mail?.subject ?? ''} ${mail?.text ?? ''}`)?.[1];
        if (code) return code;
        if (Date.now() > deadline) throw new Error(`no code mailed to ${email}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
