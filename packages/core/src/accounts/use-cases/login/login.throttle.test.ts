import { describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../auth/auth-settings.js';
import { type AuthKit, createAuthKit } from '../../../testing/auth-kit.js';

const password = 'violet-otter-4-lamp';
const email = 'jane@example.com';

async function withOwner(overrides: Partial<AuthSettings> = {}) {
  const kit = createAuthKit(overrides);
  await kit.createUser.execute({ email, password, role: 'admin' });
  return kit;
}

/** The error code of a login attempt (`ok` when it succeeds), and the retry time if throttled. */
async function attempt(kit: AuthKit, clientIp: string, guess = 'wrong-password', who = email) {
  try {
    await kit.login.execute({ email: who, password: guess }, { clientIp });
    return { code: 'ok', retryAfterSeconds: 0 };
  } catch (error) {
    const { code, retryAfterSeconds } = error as { code: string; retryAfterSeconds?: number };
    return { code, retryAfterSeconds: retryAfterSeconds ?? 0 };
  }
}

describe('Login throttling', () => {
  it('a stranger failing 50 times from one IP does not stop the owner logging in from another', async () => {
    const kit = await withOwner();
    const codes = new Set<string>();
    for (let guess = 0; guess < 50; guess++) codes.add((await attempt(kit, '203.0.113.7')).code);
    expect(codes).toEqual(new Set(['invalid_credentials', 'rate_limited']));
    expect(await attempt(kit, '198.51.100.2', password)).toMatchObject({ code: 'ok' });
  });

  it('backs off the failing IP exponentially, the right password too, until the wait has passed', async () => {
    const kit = await withOwner();
    const attacker = '203.0.113.7';
    const free: string[] = [];
    for (let guess = 0; guess < 5; guess++) free.push((await attempt(kit, attacker)).code);
    expect(free).toEqual(Array(5).fill('invalid_credentials'));
    const waits: number[] = [];
    for (let round = 0; round < 7; round++) {
      const refused = await attempt(kit, attacker);
      expect(refused.code).toBe('rate_limited');
      waits.push(refused.retryAfterSeconds);
      kit.ports.clock.advance(refused.retryAfterSeconds * 1000);
      expect((await attempt(kit, attacker)).code).toBe('invalid_credentials');
    }
    for (let round = 2; round < waits.length; round++) expect(waits[round]).toBe(2 * waits[round - 1]!);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(32);
    const owner = await attempt(kit, attacker, password);
    expect(owner.code).toBe('rate_limited');
    expect(owner.retryAfterSeconds).toBeGreaterThan(0);
    kit.ports.clock.advance(owner.retryAfterSeconds * 1000 - 1000);
    expect((await attempt(kit, attacker, password)).code).toBe('rate_limited');
    kit.ports.clock.advance(1000);
    expect((await attempt(kit, attacker, password)).code).toBe('ok');
    expect(
      (await kit.ports.users.listSecurityEvents((await kit.ports.users.findByEmail(email))!.id, 20)).map(
        (event) => event.kind,
      ),
    ).toContain('login_throttled');
  });

  it('throttles unknown emails exactly like known ones', async () => {
    const kit = await withOwner();
    const known: string[] = [];
    const unknown: string[] = [];
    for (let guess = 0; guess < 7; guess++) {
      known.push((await attempt(kit, '203.0.113.7', 'wrong-password', email)).code);
      unknown.push((await attempt(kit, '203.0.113.8', 'wrong-password', 'ghost@example.com')).code);
    }
    expect(unknown).toEqual(known.map((code) => code));
    expect(known.at(-1)).toBe('rate_limited');
  });

  it('counts only failures per IP: 60 successful logins from one IP are never throttled', async () => {
    const kit = await withOwner();
    for (let login = 0; login < 60; login++) {
      expect((await attempt(kit, '192.0.2.10', password)).code).toBe('ok');
    }
    const after: string[] = [];
    for (let guess = 0; guess < 5; guess++) after.push((await attempt(kit, '192.0.2.10')).code);
    expect(after).toEqual(Array(5).fill('invalid_credentials'));
  });

  it('backs off an IP that fails across many accounts, whatever account it tries next', async () => {
    const kit = await withOwner();
    for (let account = 0; account < 20; account++) {
      expect((await attempt(kit, '203.0.113.7', 'wrong', `user${account}@example.com`)).code).toBe(
        'invalid_credentials',
      );
    }
    expect((await attempt(kit, '203.0.113.7', password)).code).toBe('rate_limited');
    expect((await attempt(kit, '198.51.100.2', password)).code).toBe('ok');
  });

  it('past the per-account ceiling stops clients that failed on it, never a clean one', async () => {
    const kit = await withOwner({ loginFailuresPerAccount: { limit: 10, windowMs: 15 * 60_000 } });
    for (let bot = 0; bot < 10; bot++) {
      expect((await attempt(kit, `10.0.0.${bot}`)).code).toBe('invalid_credentials');
    }
    expect((await attempt(kit, '10.0.0.1')).code).toBe('rate_limited');
    expect((await attempt(kit, '10.0.0.1', password)).code).toBe('rate_limited');
    expect((await attempt(kit, '10.0.0.99')).code).toBe('invalid_credentials');
    expect((await attempt(kit, '198.51.100.2', password)).code).toBe('ok');
  });
});
