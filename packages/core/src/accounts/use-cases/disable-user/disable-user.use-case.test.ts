import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';
import { GetCurrentUser } from '../get-current-user/get-current-user.use-case.js';
import { ListUsers } from '../list-users/list-users.use-case.js';

describe('operator use cases', () => {
  it('creates verified users (admin too), refuses a taken email, lists without hashes', async () => {
    const kit = createAuthKit();
    const admin = await kit.createUser.execute({
      email: 'ops@example.com',
      password: 'violet-otter-4-lamp',
      role: 'admin',
    });
    expect(admin).toMatchObject({ role: 'admin', emailVerified: true, name: 'ops' });
    await expect(
      kit.createUser.execute({ email: 'ops@example.com', password: 'violet-otter-4-lamp', role: 'user' }),
    ).rejects.toMatchObject({ code: 'email_already_exists' });
    const page = await new ListUsers(kit.ports.users).execute({ limit: 10 });
    expect(page.items.map((user) => user.email)).toEqual(['ops@example.com']);
    expect(JSON.stringify(page)).not.toContain('passwordHash');
    expect(await new GetCurrentUser(kit.ports.users).execute(admin.id)).toEqual(admin);
  });

  it('disables by id or email: no login, no refresh, old access tokens refused, event logged', async () => {
    const kit = createAuthKit();
    const user = await kit.createUser.execute({
      email: 'jane@example.com',
      password: 'violet-otter-4-lamp',
      role: 'user',
    });
    const session = await kit.login.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp' });
    const disabled = await kit.disable.execute({ user: user.id.toUpperCase() });
    expect(disabled.status).toBe('disabled');
    await expect(kit.disable.execute({ user: 'JANE@example.com' })).resolves.toMatchObject({
      status: 'disabled',
    });
    const authenticate = kit.authenticate;
    await expect(authenticate.execute(session.accessToken)).rejects.toMatchObject({ code: 'user_disabled' });
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    expect((await kit.ports.users.listSecurityEvents(user.id, 5)).map((event) => event.kind)).toEqual([
      'user_disabled',
    ]);
    await expect(kit.disable.execute({ user: 'ghost@example.com' })).rejects.toMatchObject({
      code: 'user_not_found',
    });
  });
});
