import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../testing/contracts/user.repository.contract.js';
import { FakeTokenIssuer } from '../../../testing/fake-token-issuer.js';
import { FixedClock } from '../../../testing/fixed-clock.js';
import { InMemoryRefreshTokenRepository } from '../../../testing/in-memory-refresh-token-repository.js';
import { InMemoryUserRepository } from '../../../testing/in-memory-user-repository.js';
import { InMemoryDatabase } from '../../../testing/in-memory-database.js';
import { AuthenticateAccessToken } from './authenticate-access-token.use-case.js';

const sessionId = 'family-1';

async function setup() {
  const clock = new FixedClock('2026-05-01T10:00:00.000Z');
  const db = new InMemoryDatabase();
  const users = new InMemoryUserRepository(db);
  const sessions = new InMemoryRefreshTokenRepository(db);
  const tokens = new FakeTokenIssuer(clock, 900);
  const user = await users.create(makeUser({ tokensValidAfter: clock.now(), createdAt: clock.now() }));
  clock.advance(5);
  const useCase = new AuthenticateAccessToken(tokens, users, sessions);
  return { clock, users, sessions, tokens, user, useCase };
}

describe('AuthenticateAccessToken', () => {
  it('returns the public user for a valid token', async () => {
    const { tokens, user, useCase } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role, sessionId });
    const result = await useCase.execute(token);
    expect(result.user).toMatchObject({ id: user.id, email: user.email });
    expect(result.user).not.toHaveProperty('passwordHash');
  });

  it('refuses a token issued before the user revoked tokens, and a disabled user', async () => {
    const { tokens, user, useCase, users, clock } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role, sessionId });
    clock.advance(1);
    await users.update(user.id, { tokensValidAfter: clock.now() }, clock.now());
    await expect(useCase.execute(token)).rejects.toMatchObject({ code: 'invalid_token' });
    const fresh = await tokens.issue({ userId: user.id, role: user.role, sessionId });
    await expect(useCase.execute(fresh.token)).resolves.toBeTruthy();
    await users.update(user.id, { status: 'disabled' }, clock.now());
    await expect(useCase.execute(fresh.token)).rejects.toMatchObject({ code: 'user_disabled' });
  });

  it('refuses expired, malformed and unknown-user tokens', async () => {
    const { tokens, user, useCase, clock } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role, sessionId });
    clock.advance(901_000);
    await expect(useCase.execute(token)).rejects.toMatchObject({ code: 'token_expired' });
    await expect(useCase.execute('garbage')).rejects.toMatchObject({ code: 'invalid_token' });
    const ghost = await tokens.issue({
      userId: '00000000-0000-4000-8000-00000000dead',
      role: 'user',
      sessionId,
    });
    await expect(useCase.execute(ghost.token)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a token whose session was revoked, leaving the other sessions of the user alone', async () => {
    const { tokens, user, useCase, sessions, clock } = await setup();
    const mine = await tokens.issue({ userId: user.id, role: user.role, sessionId: 'family-mine' });
    const other = await tokens.issue({ userId: user.id, role: user.role, sessionId: 'family-other' });
    for (const familyId of ['family-mine', 'family-other']) {
      await sessions.create({
        id: `token-${familyId}`,
        userId: user.id,
        familyId,
        tokenHash: `hash-${familyId}`,
        expiresAt: new Date(clock.now().getTime() + 3_600_000),
        rotatedAt: null,
        revokedAt: null,
        createdAt: clock.now(),
      });
    }
    await expect(useCase.execute(mine.token)).resolves.toBeTruthy();
    await sessions.revokeFamily('family-mine', clock.now());
    await expect(useCase.execute(mine.token)).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(useCase.execute(other.token)).resolves.toBeTruthy();
  });

  it('refuses a token that carries no session', async () => {
    const { user, useCase, clock } = await setup();
    const body = JSON.stringify({
      userId: user.id,
      role: user.role,
      iat: clock.now().toISOString(),
      exp: new Date(clock.now().getTime() + 60_000).toISOString(),
    });
    await expect(useCase.execute(`fake.${btoa(body)}`)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
