import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation.js';
import { createAuthKit } from '../../../testing/auth-kit.js';
import { registerUserInput } from './register-user.input.js';

const input = (overrides: Record<string, unknown> = {}) =>
  parseInput(registerUserInput, {
    email: ' Jane@Example.com ',
    password: 'violet-otter-4-lamp',
    name: 'Jane',
    ...overrides,
  });

describe('RegisterUser', () => {
  it('creates an unverified user with a hashed password and emails a 6-digit code stored hashed', async () => {
    const kit = createAuthKit();
    const result = await kit.register.execute(input());
    expect(result).toMatchObject({ status: 'verification_pending', email: 'jane@example.com' });
    const user = await kit.ports.users.findByEmail('jane@example.com');
    expect(user).toMatchObject({ role: 'user', status: 'active', emailVerifiedAt: null, name: 'Jane' });
    expect(user!.passwordHash).toBe('fake:violet-otter-4-lamp');
    const code = await kit.lastCode('jane@example.com');
    const otp = await kit.ports.otps.findLatestActive(user!.id, 'verify_email');
    expect(otp!.codeHash).not.toContain(code);
    expect(otp!.expiresAt.getTime() - otp!.createdAt.getTime()).toBe(600_000);
  });

  it('answers an existing address exactly like a new one and emails the owner a notice', async () => {
    const kit = createAuthKit();
    const first = await kit.register.execute(input());
    const user = await kit.ports.users.findByEmail('jane@example.com');
    await kit.ports.users.update(user!.id, { emailVerifiedAt: kit.ports.clock.now() }, kit.ports.clock.now());
    const before = kit.ports.passwordHasher.verifications.length;
    const second = await kit.register.execute(input({ password: 'another-pass-phrase', name: 'Mallory' }));
    expect(second).toEqual(first);
    await kit.mail.idle();
    expect(kit.ports.mailer.sent.at(-1)).toMatchObject({ to: 'jane@example.com', tag: 'account_exists' });
    const after = await kit.ports.users.findByEmail('jane@example.com');
    expect(after!.name).toBe('Jane');
    expect(after!.passwordHash).toBe('fake:violet-otter-4-lamp');
    expect(kit.ports.passwordHasher.verifications.length).toBe(before);
  });

  it('registers an unverified address again: the mailbox decides the password, not who came first', async () => {
    const kit = createAuthKit();
    // Someone registers an address that is not theirs; its owner registers after them.
    await kit.register.execute(input({ password: 'mallory-was-here-1', name: 'Mallory' }));
    const squatterCode = await kit.lastCode('jane@example.com');
    const answer = await kit.register.execute(input());
    expect(answer).toMatchObject({ status: 'verification_pending', email: 'jane@example.com' });
    const user = await kit.ports.users.findByEmail('jane@example.com');
    expect(user).toMatchObject({
      name: 'Jane',
      passwordHash: 'fake:violet-otter-4-lamp',
      emailVerifiedAt: null,
    });
    const ownerCode = await kit.lastCode('jane@example.com');
    expect(ownerCode).not.toBe(squatterCode);
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: squatterCode! })).rejects.toMatchObject(
      {
        code: expect.stringMatching(/^otp_/),
      },
    );
    await kit.verify.execute({ email: 'jane@example.com', otp: ownerCode! });
    await expect(
      kit.login.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp' }),
    ).resolves.toMatchObject({ user: { name: 'Jane' } });
  });

  it('takes a corrected registration at once, and leaves the pending one alone past its throttle', async () => {
    const kit = createAuthKit();
    await kit.register.execute(input({ password: 'violet-otter-4-lamb' }));
    // A typo corrected straight away: the new password stands and a fresh code is sent.
    await kit.register.execute(input());
    expect((await kit.ports.users.findByEmail('jane@example.com'))!.passwordHash).toBe(
      'fake:violet-otter-4-lamp',
    );
    for (let attempt = 0; attempt < 6; attempt++)
      await kit.register.execute(input({ password: `mallory-attempt-${attempt}`, name: 'Mallory' }));
    // Three in ten minutes: the correction and two more; later ones change nothing.
    const user = await kit.ports.users.findByEmail('jane@example.com');
    expect(user!.passwordHash).toBe('fake:mallory-attempt-1');
    await kit.mail.idle();
    expect(kit.ports.mailer.sent.filter((mail) => mail.to === 'jane@example.com')).toHaveLength(4);
  });

  it('still answers when the mail provider fails (delivery is not the client’s problem)', async () => {
    const kit = createAuthKit();
    kit.ports.mailer.failWith = new Error('provider down');
    await expect(kit.register.execute(input())).resolves.toMatchObject({ status: 'verification_pending' });
    await kit.mail.idle();
  });

  it('refuses weak or malformed input', () => {
    expect(() => input({ password: 'short' })).toThrow(/between 8 and 128/);
    expect(() => input({ password: 'iloveyou, said the otter' })).not.toThrow();
    expect(() => input({ password: 'football' })).toThrow(/too common/);
    expect(() => input({ email: 'nope' })).toThrow(/valid email/);
    expect(() => input({ name: '  ' })).toThrow(/Name/);
  });
});
