import { describe, expect, it } from 'vitest';
import { createAuthKit } from '../../../testing/auth-kit.js';

describe('ResendOtp', () => {
  it('sends a fresh code that invalidates the older one', async () => {
    const kit = createAuthKit();
    await kit.register.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp', name: 'Jane' });
    const first = await kit.lastCode('jane@example.com');
    kit.ports.clock.advance(61_000);
    await kit.resend.execute({ email: 'jane@example.com' });
    const second = await kit.lastCode('jane@example.com');
    expect(kit.ports.mailer.sent).toHaveLength(2);
    if (first !== second) {
      await expect(kit.verify.execute({ email: 'jane@example.com', otp: first })).rejects.toMatchObject({
        code: 'otp_invalid',
      });
    }
    await expect(kit.verify.execute({ email: 'jane@example.com', otp: second })).resolves.toBeTruthy();
  });

  it('answers the same for unknown addresses and throttles them alike (1/min, 5/hour)', async () => {
    const kit = createAuthKit();
    await kit.register.execute({ email: 'jane@example.com', password: 'violet-otter-4-lamp', name: 'Jane' });
    kit.ports.clock.advance(61_000);
    const known = await kit.resend.execute({ email: 'jane@example.com' });
    const unknown = await kit.resend.execute({ email: 'ghost@example.com' });
    expect(unknown).toEqual(known);
    for (const email of ['jane@example.com', 'ghost@example.com']) {
      await expect(kit.resend.execute({ email })).rejects.toMatchObject({ code: 'rate_limited' });
    }
    const error = await kit.resend.execute({ email: 'ghost@example.com' }).catch((failure) => failure);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    for (let minute = 0; minute < 4; minute++) {
      kit.ports.clock.advance(61_000);
      await kit.resend.execute({ email: 'ghost@example.com' });
    }
    kit.ports.clock.advance(61_000);
    await expect(kit.resend.execute({ email: 'ghost@example.com' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await kit.mail.idle();
    expect(kit.ports.mailer.sent.filter((email) => email.to === 'ghost@example.com')).toHaveLength(0);
  });
});
