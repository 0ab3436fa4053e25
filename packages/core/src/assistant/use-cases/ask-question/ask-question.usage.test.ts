import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../../shared/domain-error.js';
import { setUpChat } from '../../../testing/chat-fixture.js';
import { InMemoryConversationRepository } from '../../../testing/in-memory-conversation-repository.js';
import { unstorableText } from '../../../testing/unstorable-text.js';

afterEach(() => vi.restoreAllMocks());

type World = Awaited<ReturnType<typeof setUpChat>>;

/** What the project's counters say against what its usage log explains. */
async function ledger({ ports, project, reload }: World) {
  const stored = await reload();
  const logged = await ports.usage.summary(project.id, new Date(0));
  return { used: stored.tokensUsed, reserved: stored.tokensReserved, logged: logged.totals.totalTokens };
}

const steps = [
  'answered',
  'retrieval abstains',
  'model abstains',
  'model fails',
  'store fails',
  'unstorable text',
  'client leaves midway',
  'stream breaks midway',
] as const;

/** Streams the fake model's reply a word at a time, then breaks after `breakAfter` words. */
function breakStream(world: World, breakAfter: number): void {
  const model = world.ports.models.chat;
  const stream = model.stream.bind(model);
  vi.spyOn(model, 'stream').mockImplementationOnce(async function* (request, options) {
    let sent = 0;
    for await (const event of stream(request, options)) {
      if (event.type === 'token' && sent++ === breakAfter)
        throw new DomainError('provider_unavailable', 'The stream broke');
      yield event;
    }
  });
}

async function chat(world: World, step: (typeof steps)[number], bad: string): Promise<void> {
  const { ask, ports, reload } = world;
  ports.models.chat.failWith =
    step === 'model fails' ? new DomainError('provider_unavailable', 'down') : null;
  ports.models.chat.reply =
    step === 'model abstains' ? "I don't know." : (request) => `${request.context[0]?.text} [S1]`;
  if (step === 'store fails')
    vi.spyOn(InMemoryConversationRepository.prototype, 'create').mockRejectedValueOnce(
      new DomainError('invalid_input', 'The database refused the text'),
    );
  const message =
    step === 'retrieval abstains'
      ? 'What is the boiling point of mercury on Venus?'
      : step === 'unstorable text'
        ? `When are refunds paid? ${bad}`
        : 'When are refunds paid?';
  if (step === 'stream breaks midway') breakStream(world, 2);
  const abort = new AbortController();
  const streamed = step === 'client leaves midway' || step === 'stream breaks midway';
  const options = streamed
    ? { signal: abort.signal, onToken: () => step === 'client leaves midway' && abort.abort() }
    : {};
  await ask.execute(await reload(), { message }, options).catch(() => undefined);
  vi.restoreAllMocks();
}

describe('AskQuestion usage', () => {
  it('counts the prompt only to reserve quota or when the model reports no usage', async () => {
    const free = await setUpChat();
    const freeCount = vi.spyOn(free.ports.tokenCounter, 'count');
    await free.ask.execute(free.project, { message: 'When are refunds paid?' });
    expect(freeCount).not.toHaveBeenCalled();

    const limited = await setUpChat({ tokenLimit: 100_000 });
    const limitedCount = vi.spyOn(limited.ports.tokenCounter, 'count');
    await limited.ask.execute(limited.project, { message: 'When are refunds paid?' });
    expect(limitedCount).toHaveBeenCalledTimes(1);
    expect(limitedCount.mock.calls[0]?.[0]).toContain('When are refunds paid?');
  });

  it('refuses unstorable text before any work: no model call, no tokens, no log, no message', async () => {
    const world = await setUpChat({ tokenLimit: 100_000 });
    const { ask, ports, project } = world;
    await fc.assert(
      fc.asyncProperty(unstorableText, async (text) => {
        await expect(ask.execute(project, { message: `Refunds? ${text}` })).rejects.toMatchObject({
          code: 'invalid_input',
        });
      }),
    );
    expect(ports.models.chat.requests).toHaveLength(0);
    expect(await ledger(world)).toEqual({ used: 0, reserved: 0, logged: 0 });
    expect((await ports.conversations.list(project.id, { limit: 10 })).items).toEqual([]);
  });

  it('charges a client that leaves a streamed answer midway for what was sent, and stores no turn', async () => {
    const world = await setUpChat({ tokenLimit: 100_000 });
    const { ask, ports, project } = world;
    const abort = new AbortController();
    const sent: string[] = [];
    const leaving = ask.execute(
      project,
      { message: 'When are refunds paid?' },
      {
        signal: abort.signal,
        onToken: (text) => {
          sent.push(text);
          abort.abort();
        },
      },
    );
    await expect(leaving).rejects.toMatchObject({ code: 'provider_error' });
    expect(sent).toHaveLength(1);
    const [event] = await ports.usage.recent(project.id, 10);
    expect(event).toMatchObject({
      outcome: 'aborted',
      endpoint: 'chat',
      completionTokens: ports.tokenCounter.count(sent.join('')),
    });
    expect(event!.promptTokens).toBeGreaterThan(0);
    expect(await ledger(world)).toEqual({
      used: event!.totalTokens,
      reserved: 0,
      logged: event!.totalTokens,
    });
    expect((await ports.conversations.list(project.id, { limit: 10 })).items).toEqual([]);
  });

  it('charges a stream that breaks after tokens were sent as failed; one that breaks before costs nothing', async () => {
    const early = await setUpChat({ tokenLimit: 100_000 });
    breakStream(early, 0);
    await expect(
      early.ask.execute(early.project, { message: 'When are refunds paid?' }, { onToken: () => undefined }),
    ).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(await ledger(early)).toEqual({ used: 0, reserved: 0, logged: 0 });

    const late = await setUpChat({ tokenLimit: 100_000 });
    breakStream(late, 3);
    await expect(
      late.ask.execute(late.project, { message: 'When are refunds paid?' }, { onToken: () => undefined }),
    ).rejects.toMatchObject({ code: 'provider_unavailable' });
    const [event] = await late.ports.usage.recent(late.project.id, 10);
    expect(event).toMatchObject({ outcome: 'failed' });
    expect(event!.completionTokens).toBeGreaterThan(0);
    expect(await ledger(late)).toMatchObject({ used: event!.totalTokens, reserved: 0 });
  });

  it('never charges a token the usage log does not explain, whatever happens to the chats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(null, 1_500, 100_000),
        fc.array(fc.tuple(fc.constantFrom(...steps), unstorableText), { minLength: 1, maxLength: 8 }),
        async (tokenLimit, sequence) => {
          const world = await setUpChat({ tokenLimit });
          for (const [step, bad] of sequence) {
            await chat(world, step, bad);
            const { used, reserved, logged } = await ledger(world);
            expect(used, step).toBe(logged);
            expect(reserved, step).toBe(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
