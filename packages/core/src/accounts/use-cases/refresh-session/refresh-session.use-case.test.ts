import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';

const password = 'violet-otter-4-lamp';

async function loggedIn() {
  const kit = createAuthKit();
  const user = await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
  const session = await kit.login.execute({ email: 'jane@example.com', password });
  return { kit, user, session };
}

describe('RefreshSession', () => {
  it('rotates: a new pair in the same family, the old token marked rotated', async () => {
    const { kit, session } = await loggedIn();
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    expect(next.refreshToken).not.toBe(session.refreshToken);
    const rows = [...kit.ports.db.tables.refreshTokens.values()];
    expect(new Set(rows.map((row) => row.familyId)).size).toBe(1);
    expect(rows.filter((row) => row.rotatedAt !== null)).toHaveLength(1);
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).resolves.toBeTruthy();
  });

  it('a replayed token revokes the family and writes a security event', async () => {
    const { kit, user, session } = await loggedIn();
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'refresh_token_reused',
    });
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    const events = await kit.ports.users.listSecurityEvents(user.id, 5);
    expect(events[0]).toMatchObject({ kind: 'refresh_token_reused', userId: user.id });
  });

  it('ten concurrent refreshes with one token give exactly one success', async () => {
    const { kit, session } = await loggedIn();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => kit.refresh.execute({ refreshToken: session.refreshToken })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses unknown, expired and disabled-user tokens', async () => {
    const { kit, session } = await loggedIn();
    await expect(kit.refresh.execute({ refreshToken: 'garbage' })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    kit.ports.clock.advance(30 * 24 * 3600 * 1000);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'token_expired',
    });
    const again = await (async () => {
      kit.ports.clock.advance(1);
      return kit.login.execute({ email: 'jane@example.com', password });
    })();
    await kit.disable.execute({ user: 'jane@example.com' });
    await expect(kit.refresh.execute({ refreshToken: again.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });
});
