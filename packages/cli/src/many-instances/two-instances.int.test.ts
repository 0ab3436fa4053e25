import { GetProject, type ProjectView, UsageRepository } from '@chatbuddy/core';
import {
  call,
  createServerStack,
  logIn,
  type RunningInstance,
  type ServerStack,
  type SlowEmbeddingServer,
  startSlowEmbeddingServer,
} from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuilt } from '../../../../scripts/build-if-stale.mjs';

const postgresUrl = process.env.DB_URL;

/** 320 sections, each its own chunk: 5 embedding batches of 64. */
const bigDocument = Array.from(
  { length: 320 },
  (_, index) =>
    `## Section ${index}\n\nRule ${index}: parcels of zone ${index} travel ${(index % 9) + 1} days.`,
).join('\n\n');

/** The texts Chroma holds for a project's records (the server keeps them in its chunk rows only); none without its collection. */
async function chromaTexts(chromaUrl: string, projectId: string): Promise<unknown[]> {
  const base = new URL('/api/v2/tenants/default_tenant/databases/default_database/collections/', chromaUrl);
  const found = await fetch(new URL(`chatbuddy-${projectId}`, base));
  if (found.status === 404) return [];
  const collection = (await found.json()) as { id: string };
  const records = await fetch(new URL(`${collection.id}/get`, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ include: ['documents'] }),
  });
  return ((await records.json()) as { documents: unknown[] }).documents;
}

// Two `chatbuddy serve` processes on one PostgreSQL database (and Chroma and Redis when set).
describe.skipIf(!postgresUrl)('two instances, one truth', () => {
  let stack: ServerStack;
  let a: RunningInstance;
  let b: RunningInstance;
  let embeddings: SlowEmbeddingServer;
  let token = '';

  beforeAll(async () => {
    expect(ensureBuilt()).toBe(true);
    embeddings = await startSlowEmbeddingServer(1_500);
    stack = await createServerStack({
      postgresUrl: postgresUrl as string,
      ...(process.env.CHROMA_URL && { chromaUrl: process.env.CHROMA_URL }),
      ...(process.env.REDIS_URL && { redisUrl: process.env.REDIS_URL }),
      // A short lease and frequent repair passes, so an abandoned upload is released in seconds.
      env: { OLLAMA_BASE_URL: embeddings.url, INDEXING_LEASE_SECONDS: '6', REPAIR_INTERVAL_SECONDS: '2' },
    });
    a = await stack.startInstance('A');
    b = await stack.startInstance('B');
    token = await logIn(a.url, stack.admin.email, stack.admin.password);
  }, 600_000);

  afterAll(async () => {
    await stack?.dispose();
    await embeddings?.close();
  });

  const createProject = async (body: Record<string, unknown>) => {
    const created = await call(a.url, '/projects', { token, json: body });
    expect(created.status).toBe(201);
    return { id: created.body.project.id as string, apiKey: created.body.apiKey as string };
  };

  it('answers through B what was uploaded, replaced or deleted through A, in the next request', async () => {
    const { id: projectId, apiKey } = await createProject({ name: 'Shared truth' });
    const ask = async (message: string) =>
      (await call(b.url, '/chat', { apiKey, json: { message } })).body as {
        answered: boolean;
        reply: string;
      };
    const first = await call(a.url, '/upload-doc', {
      apiKey,
      json: { title: 'Refunds', content: 'Refunds are paid within 14 days of receiving the returned item.' },
    });
    expect(first.status).toBe(201);
    // The vector reaches Chroma from the database's outbox, without its text.
    if (process.env.CHROMA_URL) {
      const chromaUrl = process.env.CHROMA_URL;
      await vi.waitFor(async () => expect(await chromaTexts(chromaUrl, projectId)).toEqual([null]), {
        timeout: 10_000,
        interval: 50,
      });
    }
    // B searches this project once, so its in-process copy of the index is loaded before the next writes.
    expect((await ask('Within how many days are refunds paid?')).reply).toContain('14 days');

    const second = await call(a.url, '/upload-doc', {
      apiKey,
      json: { title: 'Warranty', content: 'The warranty on every kettle lasts 27 months from delivery.' },
    });
    expect(second.status).toBe(201);
    expect((await ask('How long is the warranty on a kettle?')).reply).toContain('27 months');

    const documentId = second.body.document.id as string;
    const replaced = await call(a.url, `/documents/${documentId}`, {
      method: 'PUT',
      apiKey,
      json: { content: 'The warranty on every kettle lasts 39 months from delivery.' },
    });
    expect(replaced.status).toBe(200);
    const afterReplace = await ask('How long is the warranty on a kettle?');
    expect(afterReplace.reply).toContain('39 months');
    expect(afterReplace.reply).not.toContain('27 months');

    expect((await call(a.url, `/documents/${documentId}`, { method: 'DELETE', apiKey })).status).toBe(200);
    const afterDelete = await ask('How long is the warranty on a kettle?');
    expect(afterDelete.reply).not.toContain('39 months');
  }, 120_000);

  it('refuses through B a key rotated through A, at once, and accepts the new one', async () => {
    const project = await createProject({ name: 'Rotation' });
    expect((await call(b.url, '/documents', { apiKey: project.apiKey })).status).toBe(200);
    const rotated = await call(a.url, `/projects/${project.id}/rotate-key`, { token, json: {} });
    expect(rotated.status).toBe(200);
    const refused = await call(b.url, '/documents', { apiKey: project.apiKey });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toEqual(expect.any(String));
    expect((await call(b.url, '/documents', { apiKey: rotated.body.apiKey })).status).toBe(200);
  }, 60_000);

  it('keeps concurrent chats through both instances within the lifetime token limit', async () => {
    const limit = 4_000;
    const project = await createProject({ name: 'Budget', tokenLimit: limit, tokenLimitPeriod: 'lifetime' });
    const uploaded = await call(a.url, '/upload-doc', {
      apiKey: project.apiKey,
      json: { title: 'Hours', content: 'The shop opens at 9 in the morning and closes at 6 in the evening.' },
    });
    expect(uploaded.status).toBe(201);
    const chats = Array.from({ length: 40 }, (_, index) =>
      call(index % 2 === 0 ? a.url : b.url, '/chat', {
        apiKey: project.apiKey,
        json: { message: `When does the shop open? (${index})` },
      }),
    );
    const replies = await Promise.all(chats);
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    const refused = replies.filter((reply) => reply.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error.code).toBe('token_limit_exceeded');
    const answered = replies.filter((reply) => reply.status === 200 && reply.body.usage.totalTokens > 0);
    expect(answered.length).toBeGreaterThan(0);

    const admin = { id: stack.admin.id, role: 'admin' as const };
    const view = (await stack.setup.get(GetProject).execute(admin, project.id)) as ProjectView;
    const usage = await stack.setup.get<UsageRepository>(UsageRepository).summary(project.id, new Date(0));
    const charged = answered.reduce((sum, reply) => sum + (reply.body.usage.totalTokens as number), 0);
    expect(view.tokensUsed).toBe(charged);
    expect(usage.totals.totalTokens).toBe(charged);
    // Reservations are taken before the model call, so no instance spends past the limit.
    expect(view.tokensUsed).toBeLessThanOrEqual(limit);
  }, 180_000);

  it('releases a document whose instance was killed mid-upload, through the other instance', async () => {
    const c = await stack.startInstance('C');
    const project = await createProject({ name: 'Killed', modelProvider: 'ollama' });
    const upload = call(c.url, '/upload-doc', {
      apiKey: project.apiKey,
      json: { title: 'Zones', content: bigDocument },
    }).catch((error: unknown) => error);
    const status = async () => {
      const listed = await call(b.url, '/documents', { apiKey: project.apiKey });
      return listed.body.items[0] as { id: string; status: string; failureReason: string | null } | undefined;
    };
    await expect
      .poll(async () => (await status())?.status, { timeout: 60_000, interval: 100 })
      .toBe('indexing');
    await c.kill('SIGKILL');
    expect(await upload).toBeInstanceOf(Error);
    const killedAt = Date.now();
    // B's repair pass finds the lease expired (no renewal since the kill) and releases the document.
    await expect
      .poll(async () => (await status())?.status, { timeout: 60_000, interval: 250 })
      .toBe('failed');
    const released = await status();
    expect(released?.failureReason).toBe('interrupted');
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    const reindexed = await call(b.url, `/documents/${released!.id}/reindex`, {
      method: 'POST',
      apiKey: project.apiKey,
    });
    expect(reindexed.status).toBe(200);
    expect(reindexed.body.document).toMatchObject({ status: 'ready', chunkCount: 320 });
  }, 240_000);
});
