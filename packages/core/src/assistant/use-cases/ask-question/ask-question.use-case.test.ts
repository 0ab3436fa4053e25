import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { makeUsageEvent } from '../../../testing/contracts/repository-fixtures.js';
import { setUpChat } from '../../../testing/chat-fixture.js';

describe('AskQuestion', () => {
  it('answers from the documents with the right source, and stores messages and usage', async () => {
    const { ask, project, ports, chunks, reload } = await setUpChat();
    ports.models.chat.reply = (request) =>
      `${request.context.find((passage) => passage.text.includes('Refunds'))?.text} [S1]`;
    const answer = await ask.execute(project, { message: 'When are refunds paid?' });
    expect(answer.answered).toBe(true);
    expect(answer.reply).toContain('14 days');
    expect(answer.sources.map((source) => source.chunkId)).toContain(chunks[1]!.id);
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.usage.totalTokens).toBe(answer.usage.promptTokens + answer.usage.completionTokens);
    const messages = await ports.conversations.listMessages(project.id, answer.conversationId, { limit: 10 });
    expect(messages.items.map((message) => message.role)).toEqual(['user', 'assistant']);
    const events = await ports.usage.recent(project.id, 5);
    expect(events[0]).toMatchObject({ outcome: 'answered', totalTokens: answer.usage.totalTokens });
    expect((await reload()).tokensUsed).toBe(answer.usage.totalTokens);
    expect((await reload()).tokensReserved).toBe(0);
  });

  it('says exactly "I don\'t know." for an unrelated question without calling the model', async () => {
    const { ask, project, ports, reload } = await setUpChat();
    const answer = await ask.execute(project, { message: 'What is the boiling point of mercury on Venus?' });
    expect(answer).toMatchObject({ reply: "I don't know.", answered: false, sources: [] });
    expect(ports.models.chat.requests).toHaveLength(0);
    expect((await reload()).tokensUsed).toBe(0);
  });

  it('normalises a model reply that admits not knowing', async () => {
    const { ask, project, ports } = await setUpChat();
    ports.models.chat.reply = 'Unfortunately the provided context does not contain that information.';
    const answer = await ask.execute(project, { message: 'When are refunds paid?' });
    expect(answer).toMatchObject({ reply: "I don't know.", answered: false });
  });

  it('carries history into follow-up questions', async () => {
    const { ask, project, ports } = await setUpChat();
    const first = await ask.execute(project, { message: 'How much does the Pro plan cost per month?' });
    await ask.execute(project, {
      message: 'Does it include phone support?',
      conversationId: first.conversationId,
    });
    const last = ports.models.chat.requests.at(-1)!;
    expect(last.messages.map((turn) => turn.content).join('\n')).toContain(
      'How much does the Pro plan cost per month?',
    );
    await expect(
      ask.execute(project, { message: 'x', conversationId: '00000000-0000-4000-8000-00000000beef' }),
    ).rejects.toMatchObject({ code: 'conversation_not_found' });
  });

  it('refuses with token_limit_exceeded once the budget is spent, and does not charge failed calls', async () => {
    const { ask, project, ports, reload } = await setUpChat({ tokenLimit: 100_000 });
    ports.models.chat.failWith = new DomainError('provider_unavailable', 'down', { retryable: true });
    await expect(ask.execute(project, { message: 'When are refunds paid?' })).rejects.toMatchObject({
      code: 'provider_unavailable',
    });
    expect(await reload()).toMatchObject({ tokensUsed: 0, tokensReserved: 0 });
    ports.models.chat.failWith = null;
    await ports.usage.record(makeUsageEvent(project.id, { totalTokens: 100_000 }));
    await expect(ask.execute(await reload(), { message: 'When are refunds paid?' })).rejects.toMatchObject({
      code: 'token_limit_exceeded',
    });
  });

  it('refuses a project indexed with another embedding model with the same error as indexing', async () => {
    const { ask, project } = await setUpChat();
    const stale = { ...project, embeddingModel: 'openai:text-embedding-3-small' };
    await expect(ask.execute(stale, { message: 'When are refunds paid?' })).rejects.toMatchObject({
      code: 'embedding_model_mismatch',
      details: { projectModel: 'openai:text-embedding-3-small', embedderModel: expect.any(String) },
    });
  });

  it('reserves nothing for a project without a limit and counts its tokens with the turn', async () => {
    const { ask, project, ports, reload } = await setUpChat();
    let reservations = 0;
    const reserve = ports.projects.reserveTokens.bind(ports.projects);
    ports.projects.reserveTokens = async (...call) => {
      reservations++;
      return reserve(...call);
    };
    const answer = await ask.execute(project, { message: 'When are refunds paid?' });
    expect(answer.answered).toBe(true);
    expect(reservations).toBe(0);
    expect(await reload()).toMatchObject({ tokensUsed: answer.usage.totalTokens, tokensReserved: 0 });
    const limited = await setUpChat({ tokenLimit: 100_000 });
    const reserveLimited = limited.ports.projects.reserveTokens.bind(limited.ports.projects);
    limited.ports.projects.reserveTokens = async (...call) => {
      reservations++;
      return reserveLimited(...call);
    };
    const counted = await limited.ask.execute(limited.project, { message: 'When are refunds paid?' });
    expect(reservations).toBe(1);
    expect(await limited.reload()).toMatchObject({
      tokensUsed: counted.usage.totalTokens,
      tokensReserved: 0,
    });
  });

  it('charges the tokens a model call spent with a failed usage event when the turn cannot be stored', async () => {
    const { ask, project, ports, reload } = await setUpChat({ tokenLimit: 100_000 });
    const unavailable = async () => {
      throw new DomainError('dependency_unavailable', 'The database is unavailable', { retryable: true });
    };
    // A new conversation's turn is stored in one step; a later turn in a unit of work.
    ports.conversations.createWithUsage = unavailable;
    ports.unitOfWork.run = unavailable;
    await expect(ask.execute(project, { message: 'When are refunds paid?' })).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
    const after = await reload();
    expect(after.tokensReserved).toBe(0);
    expect(ports.models.chat.requests).toHaveLength(1);
    expect(after.tokensUsed).toBeGreaterThan(0);
    const events = await ports.usage.recent(project.id, 5);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'failed', totalTokens: after.tokensUsed });
  });

  it('ten concurrent chats at 99 % of the budget overshoot by at most one reservation', async () => {
    const { ask, project, ports, reload } = await setUpChat({ tokenLimit: 10_000 });
    await ports.usage.record(makeUsageEvent(project.id, { totalTokens: 9_900 }));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, async () =>
        ask.execute(await reload(), { message: 'When are refunds paid?' }),
      ),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter(
      (result) =>
        result.status === 'rejected' && (result.reason as DomainError).code === 'token_limit_exceeded',
    );
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    for (const result of succeeded)
      expect((result as PromiseFulfilledResult<{ answered: boolean }>).value.answered).toBe(true);
    expect(succeeded.length + refused.length).toBe(10);
    const after = await reload();
    const oneReservation = 512 + 2_000;
    expect(after.tokensUsed - 10_000).toBeLessThanOrEqual(oneReservation);
    expect(after.tokensReserved).toBe(0);
  });

  it('asks to retry in a moment when running answers hold the budget, and at the reset when it is spent', async () => {
    const { ask, project, ports, reload } = await setUpChat({ tokenLimit: 10_000 });
    await ports.usage.record(makeUsageEvent(project.id, { totalTokens: 9_000 }));
    const lease = { id: ports.ids.newId(), expiresAt: new Date(ports.clock.now().getTime() + 60_000) };
    expect(await ports.projects.reserveTokens(project.id, 2_000, ports.clock.now(), lease)).toBe(true);
    const held = await ask.execute(await reload(), { message: 'When are refunds paid?' }).catch((e) => e);
    expect(held).toMatchObject({
      code: 'token_limit_exceeded',
      retryAfterSeconds: 5,
      details: { reserved: 2_000 },
    });
    // A request that read the project before the reservation is refused the same way.
    await ports.projects.releaseTokens(project.id, 2_000, lease.id);
    const before = await reload();
    expect(await ports.projects.reserveTokens(project.id, 2_000, ports.clock.now(), lease)).toBe(true);
    expect(await ask.execute(before, { message: 'When are refunds paid?' }).catch((e) => e)).toMatchObject({
      code: 'token_limit_exceeded',
      retryAfterSeconds: 5,
    });
    await ports.projects.releaseTokens(project.id, 2_000, lease.id);
    await ports.usage.record(makeUsageEvent(project.id, { totalTokens: 1_000 }));
    const spent = await ask.execute(await reload(), { message: 'When are refunds paid?' }).catch((e) => e);
    expect(spent.code).toBe('token_limit_exceeded');
    expect(spent.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('refuses invalid input', async () => {
    const { ask, project } = await setUpChat();
    for (const input of [
      { message: '' },
      { message: '   ' },
      { message: ' \u200b\u200b \u2060\ufeff ' },
      { message: 'a'.repeat(4001) },
      { message: 'hi', conversationId: 'nope' },
      { message: 'hi', extra: 1 },
    ]) {
      await expect(ask.execute(project, input as never)).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });
});
