import { describe, expect, it } from 'vitest';
import { CreateProject } from '../../../projects/use-cases/create-project/create-project.use-case.js';
import { DeleteProject } from '../../../projects/use-cases/delete-project/delete-project.use-case.js';
import { RotateApiKey } from '../../../projects/use-cases/rotate-api-key/rotate-api-key.use-case.js';
import { createAuthKit } from '../../../testing/auth-kit.js';
import { listAuditEntriesInput } from './list-audit-entries.input.js';
import { ListAuditEntries } from './list-audit-entries.use-case.js';

const password = 'violet-otter-4-lamp';
const context = { requestId: 'request-7', clientIp: '198.51.100.4' };

async function world() {
  const kit = createAuthKit({ refreshReuseGraceSeconds: 1 });
  const { ports } = kit;
  const admin = await kit.createUser.execute({ email: 'ops@example.com', password, role: 'admin' });
  const jane = await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
  const keys = [ports.ids, ports.random, ports.secretHasher, ports.clock] as const;
  return {
    kit,
    admin,
    jane,
    create: new CreateProject(ports.unitOfWork, ...keys, ports.models),
    rotate: new RotateApiKey(ports.projects, ports.unitOfWork, ...keys),
    remove: new DeleteProject(ports.projects, ports.vectorStore, ports.unitOfWork, ports.ids, ports.clock),
    list: new ListAuditEntries(ports.audit),
  };
}

describe('the audit log', () => {
  it('records logins, failures, refresh reuse, rotations and deletions with actor, target and request', async () => {
    const { kit, jane, create, rotate, remove, list, admin } = await world();
    await expect(
      kit.login.execute({ email: 'jane@example.com', password: 'wrong-password-1' }, context),
    ).rejects.toThrow();
    await expect(kit.login.execute({ email: 'ghost@example.com', password }, context)).rejects.toThrow();
    const session = await kit.login.execute({ email: 'jane@example.com', password }, context);
    await kit.refresh.execute({ refreshToken: session.refreshToken });
    kit.ports.clock.advance(5_000);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken }, context)).rejects.toMatchObject({
      code: 'refresh_token_reused',
    });
    const { project } = await create.execute(jane, { name: 'Acme' });
    await rotate.execute(jane, project.id, { kind: 'publishable' }, context);
    await remove.execute(jane, project.id, context);

    const page = await list.execute(listAuditEntriesInput.parse({}), admin);
    expect(page.items.map((entry) => entry.action)).toEqual([
      'project_deleted',
      'api_key_rotated',
      'refresh_token_reused',
      'login_succeeded',
      'login_failed',
      'login_failed',
    ]);
    for (const entry of page.items) expect(entry).toMatchObject(context);
    const [deleted, rotated, reused, succeeded, unknown, wrong] = page.items;
    expect(deleted).toMatchObject({ actorId: jane.id, target: { type: 'project', id: project.id } });
    expect(rotated).toMatchObject({ actorId: jane.id, details: { kind: 'publishable' } });
    expect(reused).toMatchObject({ actorId: jane.id, target: { type: 'user', id: jane.id } });
    expect(succeeded).toMatchObject({ actorId: jane.id, target: { type: 'user', id: jane.id } });
    expect(unknown).toMatchObject({
      actorId: null,
      details: { email: 'ghost@example.com', reason: 'invalid_credentials' },
    });
    expect(wrong).toMatchObject({ details: { email: 'jane@example.com' } });
    expect(JSON.stringify(page)).not.toContain(password);
  });

  it('filters by action and time, pages, and is for admins only', async () => {
    const { kit, jane, admin, list } = await world();
    const start = kit.ports.clock.now().toISOString();
    for (let index = 0; index < 3; index += 1) {
      await kit.login.execute({ email: 'jane@example.com', password });
      kit.ports.clock.advance(1_000);
    }
    await expect(
      kit.login.execute({ email: 'jane@example.com', password: 'nope-nope-nope' }),
    ).rejects.toThrow();
    const failures = await list.execute(listAuditEntriesInput.parse({ action: 'login_failed' }), admin);
    expect(failures.items).toHaveLength(1);
    const both = await list.execute(
      listAuditEntriesInput.parse({ action: 'login_failed,login_succeeded', limit: '2' }),
      admin,
    );
    expect(both.items).toHaveLength(2);
    expect(both.nextCursor).not.toBeNull();
    const early = await list.execute(
      listAuditEntriesInput.parse({ since: start, until: new Date(Date.parse(start) + 1_500).toISOString() }),
      admin,
    );
    expect(early.items).toHaveLength(2);
    await expect(list.execute(listAuditEntriesInput.parse({}), jane)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(listAuditEntriesInput.safeParse({ action: 'login_failed,nonsense' }).success).toBe(false);
    expect(listAuditEntriesInput.safeParse({ since: 'yesterday' }).success).toBe(false);
  });
});
