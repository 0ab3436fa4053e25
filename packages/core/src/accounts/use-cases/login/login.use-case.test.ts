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
});
