import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../testing/contracts/user.repository.contract.js';
import { FakeTokenIssuer } from '../../../testing/fake-token-issuer.js';
import { FixedClock } from '../../../testing/fixed-clock.js';
import { InMemoryUserRepository } from '../../../testing/in-memory-account-repositories.js';
import { InMemoryDatabase } from '../../../testing/in-memory-database.js';
import { AuthenticateAccessToken } from './authenticate-access-token.use-case.js';

async function setup() {
  const clock = new FixedClock('2026-05-01T10:00:00.000Z');
  const users = new InMemoryUserRepository(new InMemoryDatabase());
  const tokens = new FakeTokenIssuer(clock, 900);
  const user = await users.create(makeUser({ tokensValidAfter: clock.now(), createdAt: clock.now() }));
  clock.advance(5);
  return { clock, users, tokens, user, useCase: new AuthenticateAccessToken(tokens, users) };
}

describe('AuthenticateAccessToken', () => {
  it('returns the public user for a valid token', async () => {
    const { tokens, user, useCase } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role });
    const result = await useCase.execute(token);
    expect(result.user).toMatchObject({ id: user.id, email: user.email });
    expect(result.user).not.toHaveProperty('passwordHash');
  });

  it('refuses a token issued before the user revoked tokens, and a disabled user', async () => {
    const { tokens, user, useCase, users, clock } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role });
    clock.advance(1);
    await users.update(user.id, { tokensValidAfter: clock.now() }, clock.now());
    await expect(useCase.execute(token)).rejects.toMatchObject({ code: 'invalid_token' });
    const fresh = await tokens.issue({ userId: user.id, role: user.role });
    await expect(useCase.execute(fresh.token)).resolves.toBeTruthy();
    await users.update(user.id, { status: 'disabled' }, clock.now());
    await expect(useCase.execute(fresh.token)).rejects.toMatchObject({ code: 'user_disabled' });
  });

  it('refuses expired, malformed and unknown-user tokens', async () => {
    const { tokens, user, useCase, clock } = await setup();
    const { token } = await tokens.issue({ userId: user.id, role: user.role });
    clock.advance(901_000);
    await expect(useCase.execute(token)).rejects.toMatchObject({ code: 'token_expired' });
    await expect(useCase.execute('garbage')).rejects.toMatchObject({ code: 'invalid_token' });
    const ghost = await tokens.issue({ userId: '00000000-0000-4000-8000-00000000dead', role: 'user' });
    await expect(useCase.execute(ghost.token)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
