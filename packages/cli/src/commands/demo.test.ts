import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListDocuments, ProjectRepository, serviceAccountEmail, UserRepository } from '@chatbuddy/core';
import { type ChatBuddy, createChatBuddy } from '@chatbuddy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

let dataDir: string;
let runtime: ChatBuddy;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-cli-demo-'));
  runtime = await createChatBuddy({
    dataDir,
    nodeEnv: 'test',
    logLevel: 'silent',
    port: 0,
    host: '127.0.0.1',
  });
}, 60_000);
afterAll(async () => {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `chatbuddy demo …`; while it serves, fetches its home page, then stops it. */
async function demo(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let page = '';
  const status = await runCli(['demo', ...argv], {
    openRuntime: async () => ({ ...runtime, close: async () => {} }),
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text) },
    shutdown: async () => {
      const url = argv.includes('--json')
        ? JSON.parse(out.join('')).url
        : /Demo page:\s+(\S+)/.exec(out.join(''))![1];
      page = await (await fetch(url)).text();
      return 'SIGTERM';
    },
  });
  return { status, out: out.join(''), err: err.join(''), page };
}

describe('chatbuddy demo', () => {
  it('creates the demo project once, with the shop documents, and serves the widget on it', async () => {
    const first = await demo('--json');
    expect(first.status).toBe(0);
    const shown = JSON.parse(first.out);
    expect(shown).toMatchObject({
      created: true,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
    });
    expect(shown.publishableKey).toMatch(/^cb_pk_/);
    expect(shown.apiKey).toMatch(/^cb_sk_/);
    expect(first.page).toContain(`data-api-key="${shown.publishableKey}"`);
    expect(first.page).not.toContain(shown.apiKey);

    const project = await runtime.get<ProjectRepository>(ProjectRepository).findById(shown.projectId);
    const owner = await runtime.get<UserRepository>(UserRepository).findById(project!.ownerId);
    expect(owner?.email).toBe(serviceAccountEmail);
    const documents = await runtime.get(ListDocuments).execute(shown.projectId, { limit: 20 });
    expect(documents.items.map((document) => document.title ?? document.id)).toHaveLength(4);
    expect(documents.items.every((document) => document.status === 'ready')).toBe(true);

    const record = await readFile(join(dataDir, 'demo.json'), 'utf8');
    expect(JSON.parse(record)).toEqual({ projectId: shown.projectId, publishableKey: shown.publishableKey });
    expect(record).not.toContain('cb_sk_');

    const second = await demo();
    expect(second.status).toBe(0);
    expect(second.out).toContain(`Project id:      ${shown.projectId}`);
    expect(second.out).toContain(`Publishable key: ${shown.publishableKey}`);
    expect(second.out).not.toMatch(/secret key|cb_sk_/i);
    expect(second.page).toContain(`data-api-key="${shown.publishableKey}"`);
    const again = await runtime.get(ListDocuments).execute(shown.projectId, { limit: 20 });
    expect(again.items).toHaveLength(4);
    const secondJson = JSON.parse((await demo('--json')).out);
    expect(secondJson).toEqual({ ...shown, apiKey: undefined, created: false, url: secondJson.url });
    expect('apiKey' in secondJson).toBe(false);
  }, 120_000);
});
