import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';
import { ListUsers } from '../list-users/list-users.use-case.js';

const password = 'violet-otter-4-lamp';
const context = { requestId: 'request-1', clientIp: '203.0.113.9' };

async function world() {
  const kit = createAuthKit();
  const admin = await kit.createUser.execute({ email: 'ops@example.com', password, role: 'admin' });
  const jane = await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
  const audit = async () => (await kit.ports.audit.list({}, { limit: 50 })).items;
  return { kit, admin, jane, audit };
}

describe('UpdateUser and ListUsers (administration)', () => {
  it('promotes a user: role read at once, audited with actor, target, request and client', async () => {
    const { kit, admin, jane, audit } = await world();
    const updated = await kit.updateUser.execute(admin, jane.id, { role: 'admin' }, context);
    expect(updated).toMatchObject({ id: jane.id, role: 'admin', status: 'active' });
    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: 'user_role_changed',
      actorId: admin.id,
      targetType: 'user',
      targetId: jane.id,
      requestId: 'request-1',
      clientIp: '203.0.113.9',
      details: { from: 'user', to: 'admin', email: 'jane@example.com' },
    });
  });

  it('disabling ends the access and refresh tokens at once; re-enabling lets the user log in again', async () => {
    const { kit, admin, jane, audit } = await world();
    const session = await kit.login.execute({ email: 'jane@example.com', password });
    await kit.updateUser.execute(admin, jane.id, { status: 'disabled' }, context);
    await expect(kit.authenticate.execute(session.accessToken)).rejects.toMatchObject({
      code: 'user_disabled',
    });
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    expect((await audit()).map((entry) => entry.action)).toContain('user_status_changed');
    await kit.updateUser.execute(admin, jane.id, { status: 'active' });
    await expect(kit.authenticate.execute(session.accessToken)).rejects.toMatchObject({
      code: 'invalid_token',
    });
    await expect(kit.login.execute({ email: 'jane@example.com', password })).resolves.toMatchObject({
      user: { status: 'active' },
    });
  });

  it('refuses non-admins (403), unknown users (404), and the last active admin (409) without writing', async () => {
    const { kit, admin, jane, audit } = await world();
    await expect(kit.updateUser.execute(jane, admin.id, { role: 'user' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      kit.updateUser.execute(admin, '00000000-0000-4000-8000-00000000dead', { role: 'admin' }),
    ).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(kit.updateUser.execute(admin, 'not-a-uuid', { role: 'admin' })).rejects.toMatchObject({
      code: 'user_not_found',
    });
    for (const change of [{ role: 'user' as const }, { status: 'disabled' as const }]) {
      await expect(kit.updateUser.execute(admin, admin.id, change)).rejects.toMatchObject({
        code: 'conflict',
        details: { reason: 'last_active_admin' },
      });
    }
    await expect(kit.updateUser.execute(admin, jane.id, {})).rejects.toMatchObject({ code: 'invalid_input' });
    const login = (await audit()).length;
    expect(await kit.ports.users.findById(admin.id)).toMatchObject({ role: 'admin', status: 'active' });
    // With a second admin the first may step down.
    await kit.updateUser.execute(admin, jane.id, { role: 'admin' });
    await expect(kit.updateUser.execute(admin, admin.id, { role: 'user' })).resolves.toMatchObject({
      role: 'user',
    });
    expect((await audit()).length).toBe(login + 2);
  });

  it('lists users for admins only', async () => {
    const { kit, admin, jane } = await world();
    const list = new ListUsers(kit.ports.users);
    expect((await list.execute({ limit: 10 }, admin)).items.map((user) => user.id)).toEqual([
      jane.id,
      admin.id,
    ]);
    await expect(list.execute({ limit: 10 }, jane)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the CLI disable is audited without an actor', async () => {
    const { kit, jane, audit } = await world();
    await kit.disable.execute({ user: jane.email });
    expect(await audit()).toEqual([
      expect.objectContaining({ action: 'user_status_changed', actorId: null, targetId: jane.id }),
    ]);
  });
});
