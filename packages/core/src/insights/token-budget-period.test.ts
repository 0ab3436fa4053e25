import { describe, expect, it } from 'vitest';
import { GetUsage } from '../projects/index.js';
import { setUpChat } from '../testing/chat-fixture.js';

const question = { message: 'When are refunds paid?' };

/** A project whose small budget one answer spends, on the last evening of March (UTC). */
async function spentInMarch(period: 'month' | 'lifetime') {
  const world = await setUpChat({ tokenLimit: 10, tokenLimitPeriod: period });
  world.ports.clock.set('2026-03-31T23:00:00.000Z');
  world.ports.models.chat.reply = (request) => `${request.context[0]?.text} [S1]`;
  const first = await world.ask.execute(await world.reload(), question);
  expect(first.usage.totalTokens).toBeGreaterThanOrEqual(10);
  return world;
}

describe('token budget period', () => {
  it('refuses a monthly budget until the next UTC month, saying when it resets', async () => {
    const world = await spentInMarch('month');
    const refused = world.ask.execute(await world.reload(), question);
    await expect(refused).rejects.toMatchObject({
      code: 'token_limit_exceeded',
      retryAfterSeconds: 3600,
      details: { period: 'month', resetsAt: '2026-04-01T00:00:00.000Z' },
    });
    world.ports.clock.set('2026-03-31T23:59:59.500Z');
    await expect(world.ask.execute(await world.reload(), question)).rejects.toMatchObject({
      retryAfterSeconds: 1,
    });
    world.ports.clock.set('2026-04-01T00:00:00.000Z');
    const april = await world.ask.execute(await world.reload(), question);
    expect(april.answered).toBe(true);
    const stored = await world.reload();
    expect(stored.periodStart).toEqual(new Date('2026-04-01T00:00:00.000Z'));
    expect(stored.periodTokensUsed).toBe(april.usage.totalTokens);
    const logged = await world.ports.usage.summary(stored.id, new Date(0));
    expect(stored.tokensUsed).toBe(logged.totals.totalTokens);
  });

  it('never resets a lifetime budget and gives no retry time', async () => {
    const world = await spentInMarch('lifetime');
    world.ports.clock.set('2026-05-01T00:00:00.000Z');
    const refused = await world.ask.execute(await world.reload(), question).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'token_limit_exceeded', retryAfterSeconds: undefined });
  });

  it('reports the current period in usage: start, end, used, limit', async () => {
    const world = await spentInMarch('month');
    const usage = new GetUsage(world.ports.usage, world.ports.clock);
    const march = await usage.execute(await world.reload());
    expect(march.period).toMatchObject({
      period: 'month',
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
      limit: 10,
      remaining: 0,
    });
    expect(march.period.used).toBe(march.tokensUsed);
    world.ports.clock.set('2026-04-02T00:00:00.000Z');
    const april = await usage.execute(await world.reload());
    expect(april.period).toMatchObject({ start: '2026-04-01T00:00:00.000Z', used: 0, remaining: 10 });
    expect(april.tokensUsed).toBe(march.tokensUsed);
  });
});
