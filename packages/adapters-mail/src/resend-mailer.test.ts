import { isDomainError } from '@chatbuddy/core';
import { mailerContract } from '@chatbuddy/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResendMailer } from './resend-mailer.js';
import { type FakeResendServer, startFakeResendServer } from './testing/fake-resend-server.js';

let server: FakeResendServer;
beforeAll(async () => {
  server = await startFakeResendServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.mode = 'ok';
});

const mailer = (options: { timeoutMs?: number; apiKey?: string } = {}) =>
  new ResendMailer({
    apiKey: options.apiKey ?? server.apiKey,
    from: 'Chat Buddy <no-reply@chatbuddy.test>',
    baseUrl: server.url,
    timeoutMs: options.timeoutMs ?? 2000,
  });

mailerContract('ResendMailer (real SDK against a local Resend API)', {
  makeSubject: () => mailer(),
  delivered: async () => server.received,
  breakProvider: () => {
    server.mode = 'server_error';
  },
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isDomainError(error)).toBe(true);
  return error as { code: string; message: string; retryable: boolean; retryAfterSeconds?: number };
}

const email = {
  to: 'jane@example.com',
  subject: 'Hi',
  text: 'Hello',
  html: '<p>Hello</p>',
  tag: 'verify_email',
};

describe('ResendMailer', () => {
  it('sends Resend’s wire format with the key as a bearer token', async () => {
    const { id } = await mailer().send(email);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/emails');
    expect(request.headers.authorization).toBe(`Bearer ${server.apiKey}`);
    expect(request.body).toMatchObject({
      from: 'Chat Buddy <no-reply@chatbuddy.test>',
      to: ['jane@example.com'],
      subject: 'Hi',
      text: 'Hello',
      html: '<p>Hello</p>',
      tags: [{ name: 'category', value: 'verify_email' }],
    });
  });

  it('maps 4xx to provider_error (not retryable) without leaking the key', async () => {
    server.mode = 'invalid';
    const error = await failure(mailer().send(email));
    expect(error).toMatchObject({ code: 'provider_error', retryable: false });
    const unauthorised = await failure(mailer({ apiKey: 're_wrong_key_abcdef' }).send(email));
    expect(unauthorised.code).toBe('provider_error');
    expect(JSON.stringify({ ...unauthorised, message: unauthorised.message })).not.toContain(
      're_wrong_key_abcdef',
    );
  });

  it('maps 429 and 5xx to provider_unavailable (retryable, with Retry-After)', async () => {
    server.mode = 'rate_limited';
    expect(await failure(mailer().send(email))).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      retryAfterSeconds: 2,
    });
    server.mode = 'server_error';
    expect(await failure(mailer().send(email))).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
    });
  });

  it('gives up after the timeout with provider_timeout', async () => {
    server.mode = 'hang';
    const started = Date.now();
    expect(await failure(mailer({ timeoutMs: 200 }).send(email))).toMatchObject({ code: 'provider_timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('maps an unreachable server to provider_unavailable', async () => {
    const offline = new ResendMailer({
      apiKey: 're_x',
      from: 'a@b.test',
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    });
    expect(await failure(offline.send(email))).toMatchObject({ code: 'provider_unavailable' });
  });
});
