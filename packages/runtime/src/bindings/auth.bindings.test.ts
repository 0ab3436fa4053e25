import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxMailer, ResendMailer } from '@chatbuddy/adapters-mail';
import { Argon2PasswordHasher, PasetoTokenIssuer } from '@chatbuddy/adapters-node';
import {
  CreateUser,
  DisableUser,
  GetCurrentUser,
  ListUsers,
  Login,
  Logout,
  Mailer,
  PasswordHasher,
  RefreshSession,
  RegisterUser,
  ResendOtp,
  TokenIssuer,
  VerifyEmail,
} from '@chatbuddy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createChatBuddy } from '../chat-buddy.js';
import { createLogger } from '../logger.js';
import { inMemoryResources } from '../testing/in-memory-resources.js';

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function open(config: Record<string, unknown>) {
  const { resources } = inMemoryResources();
  const { mailer: _mailer, passwordHasher: _hasher, tokenIssuer: _tokens, ...rest } = resources;
  const dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-auth-'));
  directories.push(dataDir);
  return createChatBuddy(
    { nodeEnv: 'test', logLevel: 'silent', dataDir, ...config },
    { resources: rest, logger: createLogger({ logLevel: 'silent' }) },
  );
}

describe('account bindings', () => {
  it('picks argon2id, PASETO and the outbox by default, and resolves every account use case', async () => {
    const runtime = await open({});
    expect(runtime.get(PasswordHasher)).toBeInstanceOf(Argon2PasswordHasher);
    expect(runtime.get(TokenIssuer)).toBeInstanceOf(PasetoTokenIssuer);
    expect(runtime.get<Mailer>(Mailer)).toBeInstanceOf(OutboxMailer);
    for (const useCase of [
      RegisterUser,
      VerifyEmail,
      ResendOtp,
      Login,
      RefreshSession,
      Logout,
      GetCurrentUser,
      CreateUser,
      ListUsers,
      DisableUser,
    ]) {
      expect(runtime.container.get(useCase as never)).toBeInstanceOf(useCase);
    }
    const { token } = await runtime
      .get<TokenIssuer>(TokenIssuer)
      .issue({ userId: 'u', role: 'user', sessionId: 's' });
    expect(token.startsWith('v4.public.')).toBe(true);
    await runtime.close();
  });

  it('picks Resend when RESEND_API_KEY is set, and refuses the outbox in strict production', async () => {
    const runtime = await open({ resendApiKey: 're_123456789', resendBaseUrl: 'http://127.0.0.1:9' });
    expect(runtime.get<Mailer>(Mailer)).toBeInstanceOf(ResendMailer);
    await runtime.close();
    const secrets = {
      authSecret: 'a'.repeat(40),
      accessSecret: 'b'.repeat(40),
      refreshSecret: 'c'.repeat(40),
    };
    await expect(open({ nodeEnv: 'production', strictProduction: true, ...secrets })).rejects.toThrow(
      /RESEND_API_KEY/,
    );
  });
});
