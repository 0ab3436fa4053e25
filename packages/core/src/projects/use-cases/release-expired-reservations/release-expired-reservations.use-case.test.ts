import { describe, expect, it } from 'vitest';
import { reservationLeaseMs } from '../../../assistant/use-cases/ask-question/generate-answer.js';
import { setUpChat } from '../../../testing/chat-fixture.js';
import { ReleaseExpiredReservations } from './release-expired-reservations.use-case.js';

describe('ReleaseExpiredReservations', () => {
  it('gives back the reservation of a call that never settled, once its lease expired', async () => {
    const { ask, ports, project, reload } = await setUpChat({ tokenLimit: 100_000 });
    // The call stops for good inside the model, as a killed process would.
    ports.models.chat.complete = () => new Promise(() => undefined);
    void ask.execute(project, { message: 'When are refunds paid?' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const held = (await reload()).tokensReserved;
    expect(held).toBeGreaterThan(0);

    const release = new ReleaseExpiredReservations(ports.projects, ports.clock);
    expect(await release.execute()).toBe(0);
    ports.clock.advance(reservationLeaseMs);
    expect(await release.execute()).toBe(1);
    expect(await reload()).toMatchObject({ tokensReserved: 0, tokensUsed: 0 });
  });

  it('with every lease, gives back all reservations whatever their expiry', async () => {
    const { ports, project, reload } = await setUpChat({ tokenLimit: 100_000 });
    const expiresAt = new Date(ports.clock.now().getTime() + 60_000);
    await ports.projects.reserveTokens(project.id, 500, ports.clock.now(), {
      id: ports.ids.newId(),
      expiresAt,
    });
    const release = new ReleaseExpiredReservations(ports.projects, ports.clock);
    expect(await release.execute({ everyLease: true })).toBe(1);
    expect((await reload()).tokensReserved).toBe(0);
  });
});
