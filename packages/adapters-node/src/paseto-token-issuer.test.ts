import { FixedClock } from '@chatbuddy/core/testing';
import { describe, expect, it } from 'vitest';
import { PasetoTokenIssuer } from './paseto-token-issuer.js';

const secret = 'a-test-secret-of-reasonable-length';

function setup() {
  const clock = new FixedClock('2026-05-01T10:00:00.123Z');
  return { clock, issuer: new PasetoTokenIssuer(secret, 900, clock) };
}

function flip(token: string, index: number): string {
  const char = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + char + token.slice(index + 1);
}

describe('PasetoTokenIssuer', () => {
  it('issues v4.public tokens carrying user id, role, session id, ms-precision issue time and expiry', async () => {
    const { issuer } = setup();
    const issued = await issuer.issue({ userId: 'u-1', role: 'admin', sessionId: 'family-1' });
    expect(issued.token).toMatch(/^v4\.public\.[A-Za-z0-9_-]+$/);
    expect(issued.expiresAt.toISOString()).toBe('2026-05-01T10:15:00.123Z');
    expect(await issuer.verify(issued.token)).toEqual({
      userId: 'u-1',
      role: 'admin',
      sessionId: 'family-1',
      issuedAt: new Date('2026-05-01T10:00:00.123Z'),
      expiresAt: new Date('2026-05-01T10:15:00.123Z'),
    });
  });

  it('another instance with the same secret verifies; a different secret does not', async () => {
    const { issuer, clock } = setup();
    const { token } = await issuer.issue({ userId: 'u-1', role: 'user', sessionId: 'family-1' });
    await expect(new PasetoTokenIssuer(secret, 900, clock).verify(token)).resolves.toMatchObject({
      userId: 'u-1',
    });
    await expect(new PasetoTokenIssuer(`${secret}!`, 900, clock).verify(token)).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('refuses expired tokens with token_expired', async () => {
    const { issuer, clock } = setup();
    const { token } = await issuer.issue({ userId: 'u-1', role: 'user', sessionId: 'family-1' });
    clock.advance(899_000);
    await expect(issuer.verify(token)).resolves.toBeTruthy();
    clock.advance(1_000);
    await expect(issuer.verify(token)).rejects.toMatchObject({ code: 'token_expired' });
    clock.advance(60_000);
    await expect(issuer.verify(token)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses tampered, truncated, wrong-purpose and garbage tokens with invalid_token', async () => {
    const { issuer } = setup();
    const { token } = await issuer.issue({ userId: 'u-1', role: 'user', sessionId: 'family-1' });
    const candidates = [
      flip(token, 20),
      flip(token, token.length - 5),
      token.slice(0, -10),
      token.replace('v4.public.', 'v4.local.'),
      token.replace('v4.public.', 'v3.public.'),
      `${token}.e30`,
      'garbage',
      '',
    ];
    for (const candidate of candidates) {
      await expect(issuer.verify(candidate)).rejects.toMatchObject({ code: 'invalid_token' });
    }
  });
});
