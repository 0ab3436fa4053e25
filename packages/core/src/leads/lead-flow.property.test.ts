import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/domain-error.js';
import { setUpLeadFlow } from './__fixtures__/lead-world.js';

type Action =
  | { kind: 'start' }
  | { kind: 'chat'; text: string }
  | { kind: 'verify'; code: string }
  | { kind: 'resend' }
  | { kind: 'wait'; ms: number };

const code = fc.stringMatching(/^\d{6}$/);
const email = fc
  .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('example.com', 'acme.test'))
  .map(([local, domain]) => ` ${local.toUpperCase()}@${domain} `);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'start' as const }), weight: 1 },
  {
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.constant('Jane'),
        email,
        email,
        fc.emailAddress(),
        code,
        fc.constant(''),
      )
      .map((text) => ({ kind: 'chat' as const, text })),
    weight: 6,
  },
  { arbitrary: code.map((value) => ({ kind: 'verify' as const, code: value })), weight: 2 },
  { arbitrary: fc.constant({ kind: 'resend' as const }), weight: 1 },
  {
    arbitrary: fc.integer({ min: 0, max: 15 * 60_000 }).map((ms) => ({ kind: 'wait' as const, ms })),
    weight: 1,
  },
);

/** A code that was never emailed: guesses may be anything but the real thing. */
function notSent(value: string, sent: Set<string>): string {
  let guess = value;
  while (sent.has(guess)) guess = String((Number(guess) + 1) % 1_000_000).padStart(6, '0');
  return guess;
}

describe('lead-capture state machine', () => {
  it('never reaches ready without the emailed code, and nothing before ready reaches retrieval or a model', async () => {
    let codesAwaited = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const world = await setUpLeadFlow();
        const { project, ports } = world;
        const sentCodes = () =>
          new Set(ports.mailer.sent.map((mail) => /\b(\d{6})\b/.exec(mail.subject)?.[1] ?? ''));
        let sessionId: string | undefined;
        for (const step of actions) {
          try {
            if (step.kind === 'wait') ports.clock.advance(step.ms);
            else if (step.kind === 'start' || !sessionId) {
              sessionId = (await world.chat.execute(project, {})).sessionId;
            } else if (step.kind === 'resend') await world.resend.execute(project, { sessionId });
            else {
              const guess = notSent(step.kind === 'verify' ? step.code : step.text, sentCodes());
              const result =
                step.kind === 'verify'
                  ? await world.verify.execute(project, { sessionId, otp: guess })
                  : await world.chat.execute(project, {
                      sessionId,
                      message: /^\d{6}$/.test(step.text) ? guess : step.text,
                    });
              expect(result.state).not.toBe('ready');
            }
          } catch (error) {
            if (!isDomainError(error)) throw error;
          }
        }
        const states = [...ports.db.tables.assistantSessions.values()].map((session) => session.state);
        expect(states).not.toContain('ready');
        if (states.includes('awaiting_otp')) codesAwaited++;
        expect(world.modelTraffic()).toBe(0);
        expect(ports.db.tables.usage).toHaveLength(0);
        expect(world.verified).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
    // The runs must actually get to the code step for the property to mean something.
    expect(codesAwaited).toBeGreaterThan(20);
  });

  it('reaches ready with the emailed code (the property above can fail)', async () => {
    const world = await setUpLeadFlow();
    const { sessionId } = await world.chat.execute(world.project, {});
    await world.chat.execute(world.project, { sessionId, message: 'Jane' });
    await world.chat.execute(world.project, { sessionId, message: 'jane@example.com' });
    const result = await world.chat.execute(world.project, {
      sessionId,
      message: world.lastCode('jane@example.com')!,
    });
    expect(result.state).toBe('ready');
    await world.listeners.idle();
    expect(world.verified).toHaveLength(1);
  });
});
