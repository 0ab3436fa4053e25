import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisableUser, UserRepository } from '@chatbuddy/core';
import type { ChatBuddyConfigInput, Resources } from '@chatbuddy/runtime';
import { createTestDatabase } from '@chatbuddy/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { authClient, withoutRequestId } from './auth-flow.js';

// The real database, argon2id, PASETO, ids and hashing; the clock and the mailer stay fakes so
// codes can be read and expiry tested without sleeping.
const real = {
  persistence: undefined,
  passwordHasher: undefined,
  tokenIssuer: undefined,
  ids: undefined,
  random: undefined,
  secretHasher: undefined,
  refreshTokenHasher: undefined,
} as unknown as Partial<Resources>;

const modes = [
  {
    name: 'PGlite (embedded)',
    enabled: true,
    prepare: async (dataDir: string) => ({
      config: { dataDir } as ChatBuddyConfigInput,
      drop: async () => {},
    }),
  },
  {
    name: 'PostgreSQL (DB_URL)',
    enabled: Boolean(process.env.DB_URL),
    prepare: async (dataDir: string) => {
      const database = await createTestDatabase(process.env.DB_URL!);
      return {
        config: { dataDir, dbUrl: database.url, autoMigrate: true } as ChatBuddyConfigInput,
        drop: database.drop,
      };
    },
  },
];

for (const mode of modes) {
  describe.skipIf(!mode.enabled)(`dashboard authentication on ${mode.name}`, () => {
    let server: TestServer;
    let client: ReturnType<typeof authClient>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-auth-int-'));
      const prepared = await mode.prepare(dataDir);
      server = await startTestServer({ config: prepared.config, resources: real });
      client = authClient(server);
      cleanup = async () => {
        await server.stop();
        await prepared.drop();
        await rm(dataDir, { recursive: true, force: true });
      };
    });
    afterAll(() => cleanup?.());

    it('runs the full flow, detects refresh-token reuse and revokes on logout', async () => {
      const session = await client.signUp(' Flow@Example.com ');
      expect(session.user.email).toBe('flow@example.com');
      const me = await server.request('/auth/me', { headers: client.bearer(session.accessToken) });
      expect(me.body.user).toEqual(session.user);
      server.ports.clock.advance(1000);
      const rotated = await client.post('/auth/refresh', { refreshToken: session.refreshToken });
      expect(rotated.status).toBe(200);
      server.ports.clock.advance(21_000);
      const replay = await client.post('/auth/refresh', { refreshToken: session.refreshToken });
      expect([replay.status, replay.body.error.code]).toEqual([401, 'refresh_token_reused']);
      expect((await client.post('/auth/refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(
        401,
      );
      const ended = await server.request('/me', { headers: client.bearer(rotated.body.accessToken) });
      expect(ended.status).toBe(401);
      const events = await server.runtime
        .get<UserRepository>(UserRepository)
        .listSecurityEvents(session.user.id, 10);
      expect(events.map((event) => event.kind)).toContain('refresh_token_reused');

      const again = await client.post('/auth/login', {
        email: 'flow@example.com',
        password: 'violet-otter-4-lamp',
      });
      expect((await client.post('/auth/logout', { refreshToken: again.body.refreshToken })).status).toBe(204);
      const stale = await server.request('/me', { headers: client.bearer(again.body.accessToken) });
      expect(stale.status).toBe(401);
      expect((await client.post('/auth/refresh', { refreshToken: again.body.refreshToken })).status).toBe(
        401,
      );
    });

    for (const parallel of [2, 10]) {
      it(`${parallel} truly concurrent refreshes with one token: one success, whose pair keeps working`, async () => {
        const session = await client.signUp(`parallel-${parallel}@example.com`);
        const responses = await Promise.all(
          Array.from({ length: parallel }, () =>
            client.post('/auth/refresh', { refreshToken: session.refreshToken }),
          ),
        );
        const winners = responses.filter((response) => response.status === 200);
        expect(winners).toHaveLength(1);
        expect(responses.filter((response) => response.status === 401)).toHaveLength(parallel - 1);
        const winner = winners[0]!.body;
        const me = await server.request('/me', { headers: client.bearer(winner.accessToken) });
        expect(me.status).toBe(200);
        const next = await client.post('/auth/refresh', { refreshToken: winner.refreshToken });
        expect(next.status).toBe(200);
        const nextMe = await server.request('/me', { headers: client.bearer(next.body.accessToken) });
        expect(nextMe.status).toBe(200);
      });
    }

    it('refuses a disabled user at once: access token, login and refresh', async () => {
      const session = await client.signUp('disabled@example.com');
      server.ports.clock.advance(5);
      await server.runtime.get(DisableUser).execute({ user: 'disabled@example.com' });
      expect((await server.request('/me', { headers: client.bearer(session.accessToken) })).status).toBe(403);
      const login = await client.post('/auth/login', {
        email: 'disabled@example.com',
        password: 'violet-otter-4-lamp',
      });
      expect([login.status, login.body.error.code]).toEqual([403, 'user_disabled']);
      expect((await client.post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    });

    it('enforces OTP expiry and the attempt limit against the database', async () => {
      await client.post('/auth/register', {
        email: 'otp@example.com',
        password: 'violet-otter-4-lamp',
        name: 'O',
      });
      const code = await client.lastCode('otp@example.com');
      server.ports.clock.advance(10 * 60 * 1000);
      expect(
        (await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: code })).body.error.code,
      ).toBe('otp_expired');
      await client.post('/auth/resend-otp', { email: 'otp@example.com' });
      const fresh = await client.lastCode('otp@example.com');
      const wrong = fresh === '000000' ? '000001' : '000000';
      const codes: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        codes.push(
          (await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: wrong })).body.error.code,
        );
      }
      expect(codes.at(-1)).toBe('otp_attempts_exceeded');
      expect((await client.post('/auth/verify-otp', { email: 'otp@example.com', otp: fresh })).status).toBe(
        400,
      );
    });

    it('answers unknown email and wrong password identically', async () => {
      await client.signUp('known@example.com');
      const unknown = await client.post('/auth/login', {
        email: 'unknown@example.com',
        password: 'wrong-password',
      });
      const wrong = await client.post('/auth/login', {
        email: 'known@example.com',
        password: 'wrong-password',
      });
      expect([wrong.status, withoutRequestId(wrong.body)]).toEqual([401, withoutRequestId(unknown.body)]);
      const registerAgain = await client.post('/auth/register', {
        email: 'known@example.com',
        password: 'another-phrase',
        name: 'K',
      });
      const registerNew = await client.post('/auth/register', {
        email: 'brand-new@example.com',
        password: 'another-phrase',
        name: 'K',
      });
      expect(withoutRequestId({ ...registerAgain.body, email: null })).toEqual(
        withoutRequestId({ ...registerNew.body, email: null }),
      );
      expect(registerAgain.status).toBe(registerNew.status);
    });
  });
}
