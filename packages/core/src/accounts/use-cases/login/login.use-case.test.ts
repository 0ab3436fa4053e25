import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';

const password = 'violet-otter-4-lamp';

async function verifiedUser() {
  const kit = createAuthKit();
  const user = await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
  return { kit, user };
}

describe('Login', () => {
  it('returns an access token, a 256-bit refresh token stored hashed, and the public user', async () => {
    const { kit, user } = await verifiedUser();
    const session = await kit.login.execute({ email: 'jane@example.com', password });
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: user.id } });
    expect(session.user).not.toHaveProperty('passwordHash');
    expect(session.refreshToken.length).toBeGreaterThanOrEqual(43);
    const rows = [...kit.ports.db.tables.refreshTokens.values()];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(session.refreshToken);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(30 * 24 * 3600 * 1000);
  });

  it('gives the same error for an unknown email and a wrong password, checking a password either way', async () => {
    const { kit } = await verifiedUser();
    const unknown = await kit.login.execute({ email: 'ghost@example.com', password }).catch((error) => error);
    const wrong = await kit.login
      .execute({ email: 'jane@example.com', password: 'nope-nope-nope' })
      .catch((error) => error);
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);
    expect(unknown.code).toBe('invalid_credentials');
    expect(kit.ports.passwordHasher.verifications).toEqual([password, 'nope-nope-nope']);
  });

  it('reveals unverified and disabled only after the password is right', async () => {
    const kit = createAuthKit();
    await kit.register.execute({ email: 'new@example.com', password, name: 'New' });
    await expect(
      kit.login.execute({ email: 'new@example.com', password: 'wrong-password' }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await expect(kit.login.execute({ email: 'new@example.com', password })).rejects.toMatchObject({
      code: 'email_not_verified',
    });
    await kit.disable.execute({ user: 'new@example.com' });
    await expect(kit.login.execute({ email: 'new@example.com', password })).rejects.toMatchObject({
      code: 'user_disabled',
    });
  });

  it('re-hashes a hash below policy and records it', async () => {
    const { kit, user } = await verifiedUser();
    await kit.ports.users.update(user.id, { passwordHash: `weak:${password}` }, kit.ports.clock.now());
    await kit.login.execute({ email: 'jane@example.com', password });
    expect((await kit.ports.users.findById(user.id))!.passwordHash).toBe(`fake:${password}`);
    expect((await kit.ports.users.listSecurityEvents(user.id, 5)).map((event) => event.kind)).toContain(
      'password_rehashed',
    );
  });

  it('throttles per account (known or not) and per client, with a retry time', async () => {
    const kit = createAuthKit({
      loginPerAccount: { limit: 3, windowMs: 60_000 },
      loginPerClient: { limit: 5, windowMs: 60_000 },
    });
    await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
    for (const email of ['jane@example.com', 'ghost@example.com']) {
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(kit.login.execute({ email, password: 'wrong-password' })).rejects.toMatchObject({
          code: 'invalid_credentials',
        });
      }
      const error = await kit.login.execute({ email, password }).catch((failure) => failure);
      expect(error).toMatchObject({ code: 'rate_limited' });
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    }
    const events = await kit.ports.users.listSecurityEvents(
      (await kit.ports.users.findByEmail('jane@example.com'))!.id,
      5,
    );
    expect(events.map((event) => event.kind)).toContain('login_throttled');
    kit.ports.clock.advance(60_001);
    for (let attempt = 0; attempt < 5; attempt++) {
      await kit.login
        .execute({ email: `x${attempt}@example.com`, password }, { clientIp: '10.0.0.1' })
        .catch(() => {});
    }
    await expect(
      kit.login.execute({ email: 'jane@example.com', password }, { clientIp: '10.0.0.1' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await expect(
      kit.login.execute({ email: 'jane@example.com', password }, { clientIp: '10.0.0.2' }),
    ).resolves.toBeTruthy();
  });
});
