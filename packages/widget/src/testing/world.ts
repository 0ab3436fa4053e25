// A real Chat Buddy server (embedded default) and a host web page that embeds the widget with the
// snippet the dashboard hands out, under a strict CSP and a hostile stylesheet.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUser } from '@chatbuddy/core';
import { type RunningServer, startServer } from '@chatbuddy/http-koa';
import { createChatBuddy, createLogger, readOutbox } from '@chatbuddy/runtime';

export const hostileStyles = `
body *:not(script) { display: none !important; }
chatbuddy-widget { display: none !important; visibility: hidden !important; font-size: 80px !important; }
* { font-size: 48px !important; line-height: 4 !important; color: #f0f !important; box-sizing: content-box !important; }
html { overflow-x: auto !important; }`;

export interface Project {
  id: string;
  apiKey: string;
  publishableKey: string;
}

export interface World {
  apiUrl: string;
  dataDir: string;
  call(path: string, init?: { method?: string; json?: unknown; key?: string }): Promise<any>;
  createProject(name: string, settings: Record<string, unknown>, documents: string[][]): Promise<Project>;
  /** Serves a host page with the widget snippet of `project`; returns its URL. */
  hostPage(project: Project, extraAttributes?: string, key?: string | null): Promise<string>;
  lastCode(email: string): Promise<string>;
  stop(): Promise<void>;
}

/** Builds widget.js from the current sources so the browser runs what the tests read. */
export function buildWidget(): void {
  const script = fileURLToPath(new URL('../../build.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('widget build failed');
}

export async function startWorld(): Promise<World> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-widget-'));
  const runtime = await createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', dataDir },
    { logger: createLogger({ logLevel: 'silent' }) },
  );
  const server: RunningServer = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  const hosts: Server[] = [];
  let bearer = '';
  const call = async (path: string, init: { method?: string; json?: unknown; key?: string } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.key ? { 'x-api-key': init.key } : { authorization: `Bearer ${bearer}` }),
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  const owner = { email: 'owner@widget.example', password: 'correct horse battery staple' };
  await runtime.get(CreateUser).execute({ ...owner, role: 'user' });
  bearer = (await call('/auth/login', { json: owner })).body.accessToken;

  return {
    apiUrl: server.url,
    dataDir,
    call,
    async createProject(name, settings, documents) {
      const created = await call('/projects', { json: { name, tokenLimit: 200_000, ...settings } });
      if (created.status !== 201) throw new Error(`project: ${JSON.stringify(created.body)}`);
      const project = {
        id: created.body.project.id,
        apiKey: created.body.apiKey,
        publishableKey: created.body.publishableKey,
      };
      for (const [title, content] of documents) {
        const upload = await call('/upload-doc', { json: { title, content }, key: project.apiKey });
        if (upload.status !== 201) throw new Error(`upload: ${JSON.stringify(upload.body)}`);
      }
      return project;
    },
    async hostPage(project, extraAttributes = '', key: string | null = project.publishableKey) {
      const widget = await call(`/projects/${project.id}/widget`);
      const snippet = (widget.body.snippet as string)
        .replace(/\s*data-api-key="[^"]*"/, key === null ? '' : `\n  data-api-key="${key}"`)
        .replace('<script ', `<script ${extraAttributes} `);
      const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host shop</title>
<style>${hostileStyles}</style></head><body><main><h1>Host shop</h1><p>Welcome.</p></main>
${snippet}
</body></html>`;
      const policy = `default-src 'self'; script-src 'self' ${server.url}; connect-src ${server.url}; style-src 'self' 'unsafe-inline'`;
      const host = createServer((_request, response) => {
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': policy,
        });
        response.end(page);
      });
      await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
      hosts.push(host);
      return `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    },
    async lastCode(email) {
      // Mail is sent in the background (the answer never waits for it): wait for it to arrive.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const mail = (await readOutbox(dataDir)).filter((entry) => entry.to === email).at(-1);
        const code = /\b(\d{6})\b/.exec(mail?.subject ?? '')?.[1];
        if (code) return code;
        if (Date.now() > deadline) throw new Error(`no code mailed to ${email}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      for (const host of hosts) host.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
