import { describe, expect, it } from 'vitest';
import type { Session } from '../../auth/session-tokens.js';
import type { RefreshTokenRepository } from '../../../ports/refresh-token.repository.port.js';
import { type AuthKit, createAuthKit } from '../../../testing/auth-kit.js';
import { RefreshSession } from './refresh-session.use-case.js';

const password = 'violet-otter-4-lamp';

async function loggedIn(graceSeconds = 20) {
  const kit = createAuthKit({ refreshReuseGraceSeconds: graceSeconds });
  const user = await kit.createUser.execute({ email: 'jane@example.com', password, role: 'user' });
  const session = await kit.login.execute({ email: 'jane@example.com', password });
  return { kit, user, session };
}

/** The repository, where the first `parties` reads all wait until each of them has read. */
function readBarrier(repository: RefreshTokenRepository, parties: number): RefreshTokenRepository {
  let reads = 0;
  let release = () => {};
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  return Object.assign(Object.create(repository) as RefreshTokenRepository, {
    async findByHash(tokenHash: string) {
      const found = await repository.findByHash(tokenHash);
      reads += 1;
      if (reads === parties) release();
      if (reads <= parties) await allRead;
      return found;
    },
  });
}

/** The one winner among settled refreshes, after checking the others were refused as superseded. */
function onlyWinner(results: PromiseSettledResult<Session>[]): Session {
  const winners = results.filter((result) => result.status === 'fulfilled');
  expect(winners).toHaveLength(1);
  for (const result of results) {
    if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'invalid_token' });
  }
  return (winners[0] as PromiseFulfilledResult<Session>).value;
}

async function expectAlive(kit: AuthKit, session: Session) {
  await expect(kit.authenticate.execute(session.accessToken)).resolves.toBeTruthy();
  const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
  await expect(kit.authenticate.execute(next.accessToken)).resolves.toBeTruthy();
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

  it('a replay after the grace window revokes the family and its access tokens, and is logged', async () => {
    const { kit, user, session } = await loggedIn();
    const elsewhere = await kit.login.execute({ email: 'jane@example.com', password });
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    kit.ports.clock.advance(20_001);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'refresh_token_reused',
    });
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    for (const token of [session.accessToken, next.accessToken]) {
      await expect(kit.authenticate.execute(token)).rejects.toMatchObject({ code: 'invalid_token' });
    }
    const events = await kit.ports.users.listSecurityEvents(user.id, 5);
    expect(events[0]).toMatchObject({ kind: 'refresh_token_reused', userId: user.id });
    await expectAlive(kit, elsewhere);
  });

  it('within the grace window a rotated token is refused, but the session lives on', async () => {
    const { kit, user, session } = await loggedIn();
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    kit.ports.clock.advance(19_000);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    const [first] = kit.ports.db.tables.refreshTokens.values();
    expect(await kit.ports.refreshTokens.isFamilyRevoked(first!.familyId)).toBe(false);
    await expectAlive(kit, next);
    const events = await kit.ports.users.listSecurityEvents(user.id, 5);
    expect(events.map((event) => event.kind)).not.toContain('refresh_token_reused');
  });

  it('the grace window is a setting: with none, an immediate replay is theft', async () => {
    const { kit, session } = await loggedIn(0);
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });
    kit.ports.clock.advance(1);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: 'refresh_token_reused',
    });
    await expect(kit.authenticate.execute(next.accessToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('two refreshes that both read the token before either writes: one wins, its pair keeps working', async () => {
    const { kit, session } = await loggedIn();
    const { ports } = kit;
    const gated = new RefreshSession(
      ports.users,
      readBarrier(ports.refreshTokens, 2),
      ports.unitOfWork,
      ports.tokenIssuer,
      ports.secretHasher,
      ports.random,
      ports.ids,
      ports.clock,
      kit.settings,
    );
    const results = await Promise.allSettled(
      [1, 2].map(() => gated.execute({ refreshToken: session.refreshToken })),
    );
    await expectAlive(kit, onlyWinner(results));
  });

  it('ten concurrent refreshes with one token give exactly one success, which keeps working', async () => {
    const { kit, session } = await loggedIn();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => kit.refresh.execute({ refreshToken: session.refreshToken })),
    );
    await expectAlive(kit, onlyWinner(results));
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
    kit.ports.clock.advance(1);
    const again = await kit.login.execute({ email: 'jane@example.com', password });
    await kit.disable.execute({ user: 'jane@example.com' });
    await expect(kit.refresh.execute({ refreshToken: again.refreshToken })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });
});
