import { DisableUser } from '@chatbuddy/core';
import type { Resources } from '@chatbuddy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { authClient } from './auth-flow.js';
import { openApiMismatches } from '../testing/openapi-conformance.js';

// Real argon2id and PASETO (picked by the runtime when not provided), fakes for the rest.
const realCrypto = { passwordHasher: undefined, tokenIssuer: undefined } as unknown as Partial<Resources>;

let server: TestServer;
let client: ReturnType<typeof authClient>;
beforeAll(async () => {
  server = await startTestServer({ resources: realCrypto });
  client = authClient(server);
});
afterAll(() => server.stop());

describe('dashboard authentication over HTTP', () => {
  it('register → verify → login → me → refresh → reuse detection → logout', async () => {
    const registered = await client.post('/auth/register', {
      email: ' Jane@Example.com ',
      password: 'violet-otter-4-lamp',
      name: 'Jane',
    });
    expect(registered.status).toBe(202);
    expect(registered.body).toMatchObject({ status: 'verification_pending', email: 'jane@example.com' });
    const stored = await server.ports.users.findByEmail('jane@example.com');
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const unverified = await client.post('/auth/login', {
      email: 'jane@example.com',
      password: 'violet-otter-4-lamp',
    });
    expect([unverified.status, unverified.body.error.code]).toEqual([403, 'email_not_verified']);
    const code = await client.lastCode('jane@example.com');
    const verified = await client.post('/auth/verify-otp', { email: 'jane@example.com', otp: code });
    expect(verified.status).toBe(200);
    expect(verified.body.user.emailVerified).toBe(true);

    const login = await client.post('/auth/login', {
      email: 'JANE@example.com',
      password: 'violet-otter-4-lamp',
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: 'jane@example.com', role: 'user' },
    });
    expect(login.body.accessToken).toMatch(/^v4\.public\./);
    for (const path of ['/auth/me', '/me']) {
      const me = await server.request(path, { headers: client.bearer(login.body.accessToken) });
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual(login.body.user);
      expect(me.text).not.toContain('argon2');
    }

    server.ports.clock.advance(1000);
    const refreshed = await client.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    server.ports.clock.advance(21_000);
    const replay = await client.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect([replay.status, replay.body.error.code]).toEqual([401, 'refresh_token_reused']);
    const afterReplay = await client.post('/auth/refresh', { refreshToken: refreshed.body.refreshToken });
    expect(afterReplay.status).toBe(401);
    const ended = await server.request('/me', { headers: client.bearer(refreshed.body.accessToken) });
    expect([ended.status, ended.body.error.code]).toEqual([401, 'invalid_token']);
    const events = await server.ports.users.listSecurityEvents(login.body.user.id, 10);
    expect(events.map((event) => event.kind)).toContain('refresh_token_reused');

    const again = await client.post('/auth/login', {
      email: 'jane@example.com',
      password: 'violet-otter-4-lamp',
    });
    const logout = await client.post('/auth/logout', { refreshToken: again.body.refreshToken });
    expect(logout.status).toBe(204);
    const stale = await server.request('/me', { headers: client.bearer(again.body.accessToken) });
    expect([stale.status, stale.body.error.code]).toEqual([401, 'invalid_token']);
    expect((await client.post('/auth/refresh', { refreshToken: again.body.refreshToken })).status).toBe(401);
  });

  it('answers registration of an existing address exactly like a new one and mails the owner', async () => {
    const fresh = await client.post('/auth/register', {
      email: 'fresh@example.com',
      password: 'violet-otter-4-lamp',
      name: 'A',
    });
    await client.signUp('dup@example.com');
    const second = await client.post('/auth/register', {
      email: 'dup@example.com',
      password: 'other-pass-phrase',
      name: 'B',
    });
    expect([second.status, second.body]).toEqual([fresh.status, { ...fresh.body, email: 'dup@example.com' }]);
    expect(server.ports.mailer.lastTo('dup@example.com')?.tag).toBe('account_exists');
    const login = await client.post('/auth/login', {
      email: 'dup@example.com',
      password: 'other-pass-phrase',
    });
    expect(login.status).toBe(401);
  });

  it('refuses weak passwords with 400 and the issues', async () => {
    const response = await client.post('/auth/register', {
      email: 'weak@example.com',
      password: 'password1',
      name: 'W',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues[0]).toMatchObject({ path: 'password' });
  });

  it('rejects expired and tampered access tokens', async () => {
    const session = await client.signUp('tokens@example.com');
    const token: string = session.accessToken;
    const tampered = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    const badSignature = await server.request('/me', { headers: client.bearer(tampered) });
    expect([badSignature.status, badSignature.body.error.code]).toEqual([401, 'invalid_token']);
    const missing = await server.request('/me');
    expect([missing.status, missing.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    server.ports.clock.advance(15 * 60 * 1000 + 1);
    const expired = await server.request('/me', { headers: client.bearer(token) });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'token_expired']);
  });

  it('ten parallel refreshes with one token give exactly one success', async () => {
    const session = await client.signUp('parallel@example.com');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => client.post('/auth/refresh', { refreshToken: session.refreshToken })),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.every((response) => response.status === 200 || response.status === 401)).toBe(true);
  });

  it('a disabled user cannot log in or refresh and their access token stops working', async () => {
    const session = await client.signUp('disable-me@example.com');
    server.ports.clock.advance(10);
    await server.runtime.get(DisableUser).execute({ user: 'disable-me@example.com' });
    const me = await server.request('/me', { headers: client.bearer(session.accessToken) });
    expect(me.status).toBeGreaterThanOrEqual(401);
    expect(me.status).toBeLessThanOrEqual(403);
    const login = await client.post('/auth/login', {
      email: 'disable-me@example.com',
      password: 'violet-otter-4-lamp',
    });
    expect([login.status, login.body.error.code]).toEqual([403, 'user_disabled']);
    const wrong = await client.post('/auth/login', {
      email: 'disable-me@example.com',
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect((await client.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('OTPs expire after 10 minutes and die after 5 wrong tries (clock, not sleeps)', async () => {
    await client.post('/auth/register', {
      email: 'otp@example.com',
      password: 'violet-otter-4-lamp',
      name: 'O',
    });
    const code = await client.lastCode('otp@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    server.ports.clock.advance(10 * 60 * 1000);
    const expired = await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: code });
    expect([expired.status, expired.body.error.code]).toEqual([400, 'otp_expired']);
    const resent = await client.post('/auth/resend-otp', { email: 'otp@example.com' });
    expect(resent.status).toBe(202);
    const fresh = await client.lastCode('otp@example.com');
    const freshWrong = fresh === wrong ? '222222' : wrong;
    const codes = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      codes.push(
        (await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: freshWrong })).body.error
          .code,
      );
    }
    expect(codes).toEqual([
      'otp_invalid',
      'otp_invalid',
      'otp_invalid',
      'otp_invalid',
      'otp_attempts_exceeded',
    ]);
    const dead = await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: fresh });
    expect(dead.status).toBe(400);
  });

  it('resend answers the same whether the address exists, and throttles both with Retry-After', async () => {
    await client.post('/auth/register', {
      email: 'resend@example.com',
      password: 'violet-otter-4-lamp',
      name: 'R',
    });
    server.ports.clock.advance(61_000);
    const known = await client.post('/auth/resend-otp', { email: 'resend@example.com' });
    const unknown = await client.post('/auth/resend-otp', { email: 'nobody-here@example.com' });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    for (const email of ['resend@example.com', 'nobody-here@example.com']) {
      const throttled = await client.post('/auth/resend-otp', { email });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe('OpenAPI conformance', () => {
  it("every successful JSON answer above matches its operation's declared response schema", async () => {
    expect(server.exchanges.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(5);
    expect(await openApiMismatches(server)).toEqual([]);
  });
});
