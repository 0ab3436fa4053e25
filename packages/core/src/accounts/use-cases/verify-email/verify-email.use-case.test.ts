import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';

async function registered() {
  const kit = createAuthKit();
  await kit.register.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp', name: 'Jane' });
  return { kit, code: await kit.lastCode('jane@example.com') };
}

const wrong = (code: string) => (code === '000000' ? '000001' : '000000');

describe('VerifyEmail', () => {
  it('verifies with the right code, once', async () => {
    const { kit, code } = await registered();
    const result = await kit.verify.execute({ email: 'jane@example.com', otp: code });
    expect(result.user.emailVerified).toBe(true);
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: code })).rejects.toMatchObject({
      code: 'otp_invalid',
    });
  });

  it('refuses an expired code (clock, not sleep)', async () => {
    const { kit, code } = await registered();
    kit.ports.clock.advance(600_000);
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: code })).rejects.toMatchObject({
      code: 'otp_expired',
    });
  });

  it('kills the code after 5 wrong attempts, even the right one', async () => {
    const { kit, code } = await registered();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await expect(kit.verify.execute({ email: 'jane@example.com', otp: wrong(code) })).rejects.toMatchObject(
        {
          code: 'otp_invalid',
          details: { attemptsRemaining: 5 - attempt },
        },
      );
    }
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: wrong(code) })).rejects.toMatchObject({
      code: 'otp_attempts_exceeded',
    });
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: code })).rejects.toMatchObject({
      code: 'otp_invalid',
    });
  });

  it('answers an unknown address like a wrong code', async () => {
    const { kit, code } = await registered();
    await expect(kit.verify.execute({ email: 'ghost@example.com', otp: code })).rejects.toMatchObject({
      code: 'otp_invalid',
    });
  });
});
