import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';

describe('Logout', () => {
  it('revokes the family and its access tokens, not other sessions; twice is fine', async () => {
    const kit = createAuthKit();
    await kit.createUser.execute({
      email: 'jane@example.com',
      password: 'violet-otter-4-lamp',
      role: 'user',
    });
    const session = await kit.login.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp' });
    const otherDevice = await kit.login.execute({
      email: 'jane@example.com',
      password: 'violet-otter-4-lamp',
    });
    const authenticate = kit.authenticate;
    await expect(authenticate.execute(session.accessToken)).resolves.toBeTruthy();
    await kit.logout.execute({ refreshToken: session.refreshToken });
    await expect(authenticate.execute(session.accessToken)).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(authenticate.execute(otherDevice.accessToken)).resolves.toBeTruthy();
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    await expect(kit.logout.execute({ refreshToken: session.refreshToken })).resolves.toBeUndefined();
    await expect(kit.logout.execute({ refreshToken: 'unknown' })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    kit.ports.clock.advance(1);
    const fresh = await kit.login.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp' });
    await expect(authenticate.execute(fresh.accessToken)).resolves.toBeTruthy();
  });
});
