import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../../../shared/domain-error.js';
import { createInMemoryPorts } from '../../../testing/in-memory-ports.js';
import { makeChunk } from '../../../testing/contracts/fixtures.js';
import { AuthenticateApiKey } from '../authenticate-api-key/authenticate-api-key.use-case.js';
import { DeleteProject } from '../delete-project/delete-project.use-case.js';
import { DropDeletedProjectVectors } from '../drop-deleted-project-vectors/drop-deleted-project-vectors.use-case.js';
import { GetProject } from '../get-project/get-project.use-case.js';
import { ListProjects } from '../list-projects/list-projects.use-case.js';
import { RotateApiKey } from '../rotate-api-key/rotate-api-key.use-case.js';
import { UpdateProject } from '../update-project/update-project.use-case.js';
import { CreateProject } from './create-project.use-case.js';

const alice = { id: 'a0000000-0000-4000-8000-000000000001', role: 'user' as const };
const bob = { id: 'b0000000-0000-4000-8000-000000000002', role: 'user' as const };
const admin = { id: 'c0000000-0000-4000-8000-000000000003', role: 'admin' as const };

function setup() {
  const ports = createInMemoryPorts();
  const create = new CreateProject(
    ports.unitOfWork,
    ports.ids,
    ports.random,
    ports.secretHasher,
    ports.clock,
    ports.models,
  );
  return {
    ports,
    create,
    list: new ListProjects(ports.projects, ports.apiKeys, ports.clock),
    get: new GetProject(ports.projects, ports.apiKeys, ports.clock),
    update: new UpdateProject(ports.projects, ports.apiKeys, ports.clock, ports.models),
    remove: new DeleteProject(ports.projects, ports.vectorStore, ports.unitOfWork, ports.ids, ports.clock),
    rotate: new RotateApiKey(
      ports.projects,
      ports.unitOfWork,
      ports.ids,
      ports.random,
      ports.secretHasher,
      ports.clock,
    ),
    authenticate: new AuthenticateApiKey(ports.apiKeys, ports.secretHasher, ports.clock),
  };
}

describe('project use cases', () => {
  it('creates a project with defaults, a secret and a publishable key shown once', async () => {
    const { create, ports, authenticate } = setup();
    const created = await create.execute(alice, { name: '  Acme Support Bot ', tokenLimit: 100_000 });
    expect(created.project).toMatchObject({
      name: 'Acme Support Bot',
      modelProvider: 'local',
      tokenLimit: 100_000,
      ownerId: alice.id,
    });
    expect(created.apiKey).toMatch(/^cb_sk_[A-Za-z0-9_-]{8}[A-Za-z0-9_-]{40,}$/);
    expect(created.publishableKey).toMatch(/^cb_pk_/);
    expect(created.project.keys.map((key) => key.prefix)).toEqual([
      created.apiKey.slice(0, 14),
      created.publishableKey.slice(0, 14),
    ]);
    const stored = JSON.stringify([...ports.db.tables.apiKeys.values()]);
    expect(stored).not.toContain(created.apiKey);
    expect(stored).not.toContain(created.apiKey.slice(14));
    expect((await authenticate.execute(created.apiKey, { action: 'chat' })).keyKind).toBe('secret');
    expect((await authenticate.execute(created.publishableKey, { action: 'chat' })).keyKind).toBe(
      'publishable',
    );
  });

  it('refuses invalid input with invalid_input and writes nothing', async () => {
    const { create, ports } = setup();
    for (const input of [
      { name: '' },
      { name: 'x', modelProvider: 'gpt' },
      { name: 'x', tokenLimit: -1 },
      { name: 'x', allowedOrigins: ['https://a.com/path'] },
      { name: 'x', extra: 1 },
      { name: 'a\u0000b' },
    ]) {
      await expect(create.execute(alice, input as never)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    expect(ports.db.tables.projects.size).toBe(0);
    expect(ports.db.tables.apiKeys.size).toBe(0);
  });

  it('shows users only their projects, admins all, and hides others as project_not_found', async () => {
    const { create, list, get, update, remove } = setup();
    const mine = await create.execute(alice, { name: 'Mine' });
    await create.execute(bob, { name: 'Theirs' });
    expect((await list.execute(alice)).items.map((project) => project.name)).toEqual(['Mine']);
    expect((await list.execute(admin)).items).toHaveLength(2);
    for (const attempt of [
      () => get.execute(bob, mine.project.id),
      () => update.execute(bob, mine.project.id, { name: 'x' }),
      () => remove.execute(bob, mine.project.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'project_not_found' });
    }
    expect((await get.execute(admin, mine.project.id)).name).toBe('Mine');
  });

  it('updates fields and merges model config', async () => {
    const { create, update } = setup();
    const { project } = await create.execute(alice, {
      name: 'P',
      modelConfig: { temperature: 0.2, assistantMessageLimit: 5 },
    });
    const updated = await update.execute(alice, project.id, {
      modelConfig: { model: 'llama-3.1-8b-instant' },
      allowedOrigins: ['https://Shop.Example.com'],
      systemPrompt: 'Be brief.',
    });
    expect(updated.modelConfig).toEqual({
      temperature: 0.2,
      assistantMessageLimit: 5,
      model: 'llama-3.1-8b-instant',
    });
    expect(updated.allowedOrigins).toEqual(['https://shop.example.com']);
    await expect(update.execute(alice, project.id, {})).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses a provider the server has not configured, on create and on a change of provider only', async () => {
    const { create, update, ports } = setup();
    const { project } = await create.execute(alice, { name: 'Hosted', modelProvider: 'openai' });
    ports.models.unconfigured.add('openai');
    ports.models.unconfigured.add('gemini');
    const refused = create.execute(alice, { name: 'No key', modelProvider: 'gemini' });
    await expect(refused).rejects.toMatchObject({
      code: 'invalid_input',
      details: { issues: [{ path: 'modelProvider' }] },
    });
    expect(ports.db.tables.projects.size).toBe(1);
    // Its other settings can still be saved while its provider is unconfigured.
    expect((await update.execute(alice, project.id, { modelProvider: 'openai', name: 'Renamed' })).name).toBe(
      'Renamed',
    );
    await expect(update.execute(alice, project.id, { modelProvider: 'gemini' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await update.execute(alice, project.id, { modelProvider: 'local' })).modelProvider).toBe('local');
  });

  it('rotates a key: the old one dies at once, or after the grace period', async () => {
    const { create, rotate, authenticate, ports } = setup();
    const created = await create.execute(alice, { name: 'P' });
    const rotated = await rotate.execute(alice, created.project.id, {});
    await expect(authenticate.execute(created.apiKey, { action: 'chat' })).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
    expect((await authenticate.execute(rotated.apiKey, { action: 'chat' })).project.id).toBe(
      created.project.id,
    );
    expect((await authenticate.execute(created.publishableKey, { action: 'chat' })).keyKind).toBe(
      'publishable',
    );
    const graceful = await rotate.execute(alice, created.project.id, {
      kind: 'secret',
      gracePeriodSeconds: 60,
    });
    expect((await authenticate.execute(rotated.apiKey, { action: 'chat' })).keyKind).toBe('secret');
    ports.clock.advance(60_001);
    await expect(authenticate.execute(rotated.apiKey, { action: 'chat' })).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
    expect((await authenticate.execute(graceful.apiKey, { action: 'chat' })).keyKind).toBe('secret');
  });

  it('deletes a project with its keys, documents and vectors', async () => {
    const { create, remove, authenticate, ports } = setup();
    const created = await create.execute(alice, { name: 'P' });
    const other = await create.execute(alice, { name: 'Q' });
    const chunk = makeChunk(created.project.id, 'd0000000-0000-4000-8000-000000000001', 0);
    await ports.vectorStore.upsert(created.project.id, [{ chunk, embedding: [1, 0] }]);
    await remove.execute(alice, created.project.id);
    await expect(authenticate.execute(created.apiKey, { action: 'chat' })).rejects.toMatchObject({
      code: 'invalid_api_key',
    });
    expect(await ports.vectorStore.query(created.project.id, { embedding: [1, 0], topK: 5 })).toEqual([]);
    expect((await authenticate.execute(other.apiKey, { action: 'chat' })).project.id).toBe(other.project.id);
  });

  it('drops again, until the deletion has settled, vectors that indexing still running wrote after it', async () => {
    const { create, remove, ports } = setup();
    const created = await create.execute(alice, { name: 'P' });
    const query = { embedding: [1, 0], topK: 5 };
    await remove.execute(alice, created.project.id);
    // Indexing in flight writes its batch after the drop (recreating a Chroma collection), and
    // its process dies before it can clean up.
    const chunk = makeChunk(created.project.id, 'd0000000-0000-4000-8000-000000000001', 0);
    const strayWrite = () => ports.vectorStore.upsert(created.project.id, [{ chunk, embedding: [1, 0] }]);
    await strayWrite();

    const unsettled = new DropDeletedProjectVectors(ports.projects, ports.vectorStore, {
      settleMs: 3_600_000,
    });
    expect(await unsettled.execute()).toBe(0);
    expect(await ports.vectorStore.query(created.project.id, query)).toEqual([]);
    await strayWrite();
    expect(await unsettled.execute()).toBe(0);
    expect(await ports.vectorStore.query(created.project.id, query)).toEqual([]);
    expect(await ports.projects.deletedWithVectors(10)).toEqual([created.project.id]);

    const settled = new DropDeletedProjectVectors(ports.projects, ports.vectorStore, { settleMs: 0 });
    await strayWrite();
    expect(await settled.execute()).toBe(1);
    expect(await ports.vectorStore.query(created.project.id, query)).toEqual([]);
    expect(await ports.projects.deletedWithVectors(10)).toEqual([]);
    expect(await settled.execute()).toBe(0);
  });

  it('stops at the first unsettled deletion, oldest first, instead of listing the same ones again', async () => {
    const { create, remove, ports } = setup();
    for (let index = 0; index < 120; index += 1) {
      const created = await create.execute(alice, { name: `P${index}` });
      await remove.execute(alice, created.project.id);
    }
    let listed = 0;
    const projects = Object.create(ports.projects) as typeof ports.projects;
    projects.deletedWithVectors = async (limit) => {
      listed += 1;
      return ports.projects.deletedWithVectors(limit);
    };
    const unsettled = new DropDeletedProjectVectors(projects, ports.vectorStore, { settleMs: 3_600_000 });
    expect(await unsettled.execute()).toBe(0);
    expect(listed).toBe(1);
    expect(await ports.projects.deletedWithVectors(1_000)).toHaveLength(120);
  });

  it('drops the vectors of a project whose deletion stopped before the vector store, on the next repair', async () => {
    const { create, remove, ports } = setup();
    const created = await create.execute(alice, { name: 'P' });
    const kept = await create.execute(alice, { name: 'Q' });
    const query = { embedding: [1, 0], topK: 5 };
    for (const { project } of [created, kept]) {
      const chunk = makeChunk(project.id, 'd0000000-0000-4000-8000-000000000001', 0);
      await ports.vectorStore.upsert(project.id, [{ chunk, embedding: [1, 0] }]);
    }
    ports.vectorStore.failWith = new DomainError('dependency_unavailable', 'down');
    await expect(remove.execute(alice, created.project.id)).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
    ports.vectorStore.failWith = null;
    expect(await ports.projects.findById(created.project.id)).toBeNull();
    expect(await ports.vectorStore.query(created.project.id, query)).toHaveLength(1);

    const drop = new DropDeletedProjectVectors(ports.projects, ports.vectorStore, { settleMs: 0 });
    ports.vectorStore.failWith = new DomainError('dependency_unavailable', 'down');
    await expect(drop.execute()).rejects.toMatchObject({ code: 'dependency_unavailable' });
    ports.vectorStore.failWith = null;
    expect(await drop.execute()).toBe(1);
    expect(await ports.vectorStore.query(created.project.id, query)).toEqual([]);
    expect(await ports.vectorStore.query(kept.project.id, query)).toHaveLength(1);
    expect(await drop.execute()).toBe(0);
  });

  it('property: garbage keys are refused with invalid_api_key, never another error', async () => {
    const { create, authenticate } = setup();
    const created = await create.execute(alice, { name: 'P' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constant(created.apiKey.slice(0, 20)),
          fc.string().map((tail) => created.apiKey.slice(0, 14) + tail),
        ),
        async (garbage) => {
          const error = await authenticate.execute(garbage, { action: 'chat' }).then(
            () => null,
            (failure: unknown) => failure,
          );
          if (garbage === created.apiKey) return;
          expect(isDomainError(error) && error.code).toBe('invalid_api_key');
        },
      ),
      { numRuns: 200 },
    );
  });
});
