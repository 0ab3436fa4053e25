import { describe, expect, it } from 'vitest';
import { failureCode } from '../testing/contracts/repository-fixtures.js';
import { setUpLeadFlow } from './__fixtures__/lead-world.js';
import { leadFlowSettings } from './lead-flow-settings.js';

const day = 24 * 3_600_000;
const settings = leadFlowSettings({
  otpDailyCaps: {
    perEmail: { limit: 2, windowMs: day },
    perClient: { limit: 3, windowMs: day },
    perProject: { limit: 4, windowMs: day },
  },
});

async function capsWorld() {
  const world = await setUpLeadFlow({}, settings);
  /** Asks for a code for `email` from `clientIp` in a new session; returns the failure code or null. */
  const request = async (email: string, clientIp: string) => {
    world.ports.clock.advance(61_000);
    const { sessionId } = await world.chat.execute(world.project, {});
    await world.chat.execute(world.project, { sessionId, message: 'Jane' });
    const failure = await failureCode(
      world.chat.execute(world.project, { sessionId, message: email }, { clientIp }),
    );
    return { failure, session: world.ports.db.tables.assistantSessions.get(sessionId)! };
  };
  return { ...world, request };
}

describe('code email caps per day', () => {
  it('caps codes per address, and a refused request writes no lead, code or session change', async () => {
    const world = await capsWorld();
    expect((await world.request('a@example.com', '10.0.0.1')).failure).toBeNull();
    expect((await world.request('a@example.com', '10.0.0.2')).failure).toBeNull();
    const leads = world.ports.db.tables.leads.size;
    const codes = world.ports.db.tables.leadOtps.size;
    const refused = await world.request('a@example.com', '10.0.0.3');
    expect(refused.failure).toBe('rate_limited');
    expect(refused.session).toMatchObject({ state: 'awaiting_email', email: null, leadId: null });
    expect(world.ports.db.tables.leads.size).toBe(leads);
    expect(world.ports.db.tables.leadOtps.size).toBe(codes);
    expect(world.ports.mailer.sent).toHaveLength(2);
  });

  it('caps codes per client IP address and per project', async () => {
    const world = await capsWorld();
    for (const email of ['b@example.com', 'c@example.com', 'd@example.com']) {
      expect((await world.request(email, '10.0.0.9')).failure).toBeNull();
    }
    expect((await world.request('e@example.com', '10.0.0.9')).failure).toBe('rate_limited');
    expect((await world.request('f@example.com', '10.0.0.10')).failure).toBeNull();
    expect((await world.request('g@example.com', '10.0.0.11')).failure).toBe('rate_limited');
    world.ports.clock.advance(day);
    expect((await world.request('g@example.com', '10.0.0.11')).failure).toBeNull();
  });

  it('says when to retry', async () => {
    const world = await capsWorld();
    const { sessionId } = await world.chat.execute(world.project, {});
    await world.chat.execute(world.project, { sessionId, message: 'Jane' });
    await world.chat.execute(world.project, { sessionId, message: 'h@example.com' });
    const error = await world.resend
      .execute(world.project, { sessionId })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
  });
});
