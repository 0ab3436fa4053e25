import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { setUpLeadFlow } from '../../__fixtures__/lead-world.js';

/** A verified visitor's session in the `ready` state. */
async function readySession() {
  const world = await setUpLeadFlow({ modelConfig: { assistantMessageLimit: 3 } });
  const { sessionId } = await world.chat.execute(world.project, {});
  await world.chat.execute(world.project, { sessionId, message: 'Jane' });
  await world.chat.execute(world.project, { sessionId, message: 'jane@example.com' });
  await world.chat.execute(world.project, { sessionId, message: world.lastCode('jane@example.com')! });
  const messagesUsed = async () => {
    const session = await world.leads.findSession(world.project.id, sessionId);
    return (await world.leads.findLead(world.project.id, session!.leadId!))!.messagesUsed;
  };
  return { ...world, sessionId, messagesUsed };
}

describe('the lead message allowance', () => {
  it('counts an answer the visitor left after it began to stream', async () => {
    const world = await readySession();
    const abort = new AbortController();
    const leaving = world.chat.execute(
      world.project,
      { sessionId: world.sessionId, message: 'When are refunds paid?' },
      {},
      { signal: abort.signal, onToken: () => abort.abort() },
    );
    await expect(leaving).rejects.toBeInstanceOf(DomainError);
    expect(await world.messagesUsed()).toBe(1);
    const [event] = await world.ports.usage.recent(world.project.id, 1);
    expect(event).toMatchObject({ outcome: 'aborted', endpoint: 'assistant_chat' });
  });

  it('gives the message back when the answer fails before a word was sent', async () => {
    const world = await readySession();
    world.ports.models.chat.failWith = new DomainError('provider_unavailable', 'down');
    const failing = world.chat.execute(
      world.project,
      { sessionId: world.sessionId, message: 'When are refunds paid?' },
      {},
      { onToken: () => undefined },
    );
    await expect(failing).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(await world.messagesUsed()).toBe(0);

    world.ports.models.chat.failWith = null;
    const answered = await world.chat.execute(
      world.project,
      { sessionId: world.sessionId, message: 'When are refunds paid?' },
      {},
      { onToken: () => undefined },
    );
    expect(answered).toMatchObject({ state: 'ready', messagesRemaining: 2 });
    expect(await world.messagesUsed()).toBe(1);
  });
});
