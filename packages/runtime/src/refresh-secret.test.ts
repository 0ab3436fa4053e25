import { createHmac } from 'node:crypto';
import { CreateUser, Login, RefreshSession, RefreshTokenRepository } from '@chatbuddy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatBuddy } from './chat-buddy.js';
import { createLogger } from './logger.js';
import { inMemoryResources } from './testing/in-memory-resources.js';

const authSecret = 'auth-secret-of-at-least-32-characters!!';
const password = 'violet-otter-4-lamp';
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
});

/** A runtime over one shared in-memory store, with the real HMAC hashers of the given secrets. */
function opener() {
  const { resources } = inMemoryResources();
  const { secretHasher: _secret, refreshTokenHasher: _refresh, ...rest } = resources;
  const persistence = { ...rest.persistence, close: async () => {} };
  return async (refreshSecret?: string) => {
    const runtime = await createChatBuddy(
      { nodeEnv: 'test', logLevel: 'silent', authSecret, ...(refreshSecret && { refreshSecret }) },
      { resources: { ...rest, persistence }, logger: createLogger({ logLevel: 'silent' }) },
    );
    opened.push(runtime);
    return runtime;
  };
}

const hmac = (key: string, token: string) =>
  createHmac('sha256', key).update(`refresh:${token}`).digest('hex');

describe('REFRESH_SECRET', () => {
  it('keys the hash of refresh tokens at rest; changing it ends refresh sessions, nothing else', async () => {
    const open = opener();
    const first = await open('refresh-secret-one-of-at-least-32-chars');
    await first.get(CreateUser).execute({ email: 'jane@example.com', password, role: 'user' });
    const session = await first.get(Login).execute({ email: 'jane@example.com', password });
    const tokens = first.get<RefreshTokenRepository>(RefreshTokenRepository);
    expect(
      await tokens.findByHash(hmac('refresh-secret-one-of-at-least-32-chars', session.refreshToken)),
    ).not.toBeNull();
    expect(await tokens.findByHash(hmac(authSecret, session.refreshToken))).toBeNull();
    const rotated = await first.get(RefreshSession).execute({ refreshToken: session.refreshToken });

    const second = await open('refresh-secret-two-of-at-least-32-chars');
    await expect(
      second.get(RefreshSession).execute({ refreshToken: rotated.refreshToken }),
    ).rejects.toMatchObject({
      code: 'invalid_token',
    });
    // Logging in again works under the new key.
    const again = await second.get(Login).execute({ email: 'jane@example.com', password });
    await expect(
      second.get(RefreshSession).execute({ refreshToken: again.refreshToken }),
    ).resolves.toMatchObject({
      user: { email: 'jane@example.com' },
    });
  });

  it('falls back to AUTH_SECRET when unset (development and tests)', async () => {
    const runtime = await opener()();
    await runtime.get(CreateUser).execute({ email: 'ops@example.com', password, role: 'admin' });
    const session = await runtime.get(Login).execute({ email: 'ops@example.com', password });
    const tokens = runtime.get<RefreshTokenRepository>(RefreshTokenRepository);
    expect(await tokens.findByHash(hmac(authSecret, session.refreshToken))).not.toBeNull();
  });
});
