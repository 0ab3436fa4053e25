import { AuthSettings, authSettings, PasswordHasher } from '@chatbuddy/core';
import type { Resources } from '@chatbuddy/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { authClient, withoutRequestId } from './auth-flow.js';

// Real argon2id and PASETO (picked by the runtime when not provided), fakes for the rest.
const realCrypto = { passwordHasher: undefined, tokenIssuer: undefined } as unknown as Partial<Resources>;

let server: TestServer;
let client: ReturnType<typeof authClient>;
beforeAll(async () => {
  server = await startTestServer({ resources: realCrypto });
  client = authClient(server);
});
afterAll(() => server.stop());

describe('brute-force throttling over HTTP', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer({ config: { trustProxy: true } });
  });
  afterAll(() => proxied.stop());

  const login = (from: string, email: string, password: string) =>
    authClient(proxied).post('/auth/login', { email, password }, { 'x-forwarded-for': from });

  it('a stranger failing from IP A backs A off with 429 and Retry-After, never the owner on IP B', async () => {
    await authClient(proxied).signUp('victim@example.com');
    const statuses = new Set<number>();
    for (let guess = 0; guess < 50; guess++) {
      statuses.add((await login('203.0.113.7', 'victim@example.com', 'guess-guess-guess')).status);
    }
    expect(statuses).toEqual(new Set([401, 429]));
    const fromA = await login('203.0.113.7', 'victim@example.com', 'violet-otter-4-lamp');
    expect(fromA.status).toBe(429);
    const retryAfter = Number(fromA.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect((await login('198.51.100.2', 'victim@example.com', 'violet-otter-4-lamp')).status).toBe(200);
    proxied.ports.clock.advance(retryAfter * 1000);
    expect((await login('203.0.113.7', 'victim@example.com', 'violet-otter-4-lamp')).status).toBe(200);
  });

  it('counts only failed logins per IP: 30 successful logins from one IP are never throttled', async () => {
    await authClient(proxied).signUp('office@example.com');
    for (let round = 0; round < 30; round++) {
      expect((await login('192.0.2.44', 'office@example.com', 'violet-otter-4-lamp')).status).toBe(200);
    }
  });
});

describe('enumeration safety', () => {
  it('unknown email and wrong password give the same status and body (argon2 either way)', async () => {
    await client.signUp('known@example.com');
    const hasher = server.runtime.get<PasswordHasher>(PasswordHasher);
    expect(hasher.constructor.name).toBe('Argon2PasswordHasher');
    const unknown = await client.post('/auth/login', {
      email: 'unknown@example.com',
      password: 'wrong-password-1',
    });
    const wrong = await client.post('/auth/login', {
      email: 'known@example.com',
      password: 'wrong-password-1',
    });
    expect(unknown.status).toBe(401);
    expect([wrong.status, withoutRequestId(wrong.body)]).toEqual([
      unknown.status,
      withoutRequestId(unknown.body),
    ]);
  });

  it('takes statistically the same time for an unknown email and a wrong password', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await client.post('/auth/login', { email, password: 'wrong-password-2' });
      expect(response.status).toBe(401);
      return performance.now() - started;
    };
    const unknownTimes: number[] = [];
    const wrongTimes: number[] = [];
    for (let round = 0; round < 8; round++) {
      // Interleaved, each against a fresh account key so the per-account backoff stays out of the way.
      unknownTimes.push(await timed(`nobody-${round}@example.com`));
      await client.signUp(`timing-${round}@example.com`);
      wrongTimes.push(await timed(`timing-${round}@example.com`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(unknownTimes) / median(wrongTimes);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});

describe('garbage input', () => {
  let lenient: TestServer;
  beforeAll(async () => {
    const generous = { limit: 10_000, windowMs: 60_000 };
    lenient = await startTestServer({
      overrides: [
        [
          AuthSettings,
          authSettings({
            loginBackoffPerClient: { freeFailures: 10_000, baseDelayMs: 1, maxDelayMs: 60_000 },
            loginBackoffPerAccountAndClient: { freeFailures: 10_000, baseDelayMs: 1, maxDelayMs: 60_000 },
            otpResendRules: [generous],
            clientLimits: {
              register: generous,
              verifyEmail: generous,
              resendOtp: generous,
              refresh: generous,
            },
          }),
        ],
      ],
    });
  });
  afterAll(() => lenient.stop());

  const endpoints = [
    '/auth/register',
    '/auth/verify-otp',
    '/auth/resend-otp',
    '/auth/login',
    '/auth/refresh',
    '/auth/logout',
  ];
  const fields = fc.record(
    {
      email: fc.oneof(fc.string(), fc.emailAddress(), fc.integer(), fc.constant(null)),
      password: fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.array(fc.string())),
      name: fc.oneof(fc.string(), fc.object()),
      otp: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.string()),
      refreshToken: fc.oneof(fc.string({ maxLength: 600 }), fc.base64String(), fc.constant({})),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fields.map((value) => JSON.stringify(value)),
    fc.json(),
    fc.string(),
    fc.uint8Array({ maxLength: 500 }).map((bytes) => Buffer.from(bytes)),
  );

  it('answers 2xx, 400 or 401 on every auth endpoint, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, async (path, payload) => {
        const response = await lenient.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
        });
        expect([200, 202, 204, 400, 401]).toContain(response.status);
        if (response.status >= 400) expect(response.body.error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 120 },
    );
  });

  it('answers garbage bearer tokens on /me and /auth/me with 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/me', '/auth/me'),
        fc.string({ maxLength: 300 }),
        async (path, token) => {
          const header = `Bearer ${token.replace(/[^\x21-\x7e]/g, 'x') || 'x'}`;
          const response = await lenient.request(path, { headers: { authorization: header } });
          expect(response.status).toBe(401);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('describes every auth endpoint in /openapi.json', async () => {
    const document = (await lenient.request('/openapi.json')).body;
    for (const path of [...endpoints, '/auth/me', '/me']) expect(document.paths).toHaveProperty([path]);
  });
});
