import { describe, expect, it } from 'vitest';
import { CuratedAnswerIndex } from '../../../knowledge/index.js';
import { ManageCuratedAnswers } from '../../../knowledge/index.js';
import { askQuestionOver, setUpChat } from '../../../testing/chat-fixture.js';

async function curatedWorld(projectPatch = {}) {
  const world = await setUpChat(projectPatch);
  const { ports } = world;
  const index = new CuratedAnswerIndex(ports.curatedAnswers);
  const manage = new ManageCuratedAnswers(
    ports.projects,
    ports.curatedAnswers,
    index,
    ports.clock,
    ports.ids,
  );
  const ask = askQuestionOver(ports, index);
  const owner = { id: world.project.ownerId, role: 'user' as const };
  return { ...world, ask, manage, owner };
}

describe('AskQuestion with curated answers', () => {
  it('answers a matching question with the curated text: no model call, no tokens, a curated usage event', async () => {
    const { ask, manage, owner, project, ports, reload } = await curatedWorld({ tokenLimit: 100 });
    const pinned = await manage.create(owner, project.id, {
      question: 'How fast are refunds paid?',
      answer: 'Refunds arrive within 5 working days.',
    });
    const streamed: string[] = [];
    const answer = await ask.execute(
      project,
      { message: 'How fast are refunds paid' },
      { onToken: (text) => streamed.push(text) },
    );
    expect(answer).toMatchObject({
      reply: 'Refunds arrive within 5 working days.',
      answered: true,
      usage: { totalTokens: 0 },
      sources: [{ documentId: null, chunkId: null, curatedAnswerId: pinned.id, title: 'Curated answer' }],
    });
    expect(answer.confidence).toBeGreaterThan(0.9);
    expect(streamed).toEqual(['Refunds arrive within 5 working days.']);
    expect(ports.models.chat.requests).toHaveLength(0);
    expect(await reload()).toMatchObject({ tokensUsed: 0, tokensReserved: 0 });
    expect(await ports.usage.recent(project.id, 1)).toMatchObject([
      { outcome: 'curated', totalTokens: 0, model: 'curated' },
    ]);
  });

  it('answers curated questions on a used-up quota, and takes edits and deletions at once', async () => {
    const { ask, manage, owner, project, ports } = await curatedWorld({
      tokenLimit: 10,
      tokensUsed: 10,
      tokenLimitPeriod: 'lifetime',
    });
    const pinned = await manage.create(owner, project.id, {
      question: 'Do you offer phone support?',
      answer: 'Yes, on the Pro plan.',
    });
    expect((await ask.execute(project, { message: 'Do you offer phone support?' })).reply).toBe(
      'Yes, on the Pro plan.',
    );
    await manage.update(owner, project.id, pinned.id, { answer: 'Only on weekdays.' });
    expect((await ask.execute(project, { message: 'Do you offer phone support?' })).reply).toBe(
      'Only on weekdays.',
    );
    await manage.delete(owner, project.id, pinned.id);
    await expect(ask.execute(project, { message: 'Do you offer phone support?' })).rejects.toMatchObject({
      code: 'token_limit_exceeded',
    });
    expect(ports.models.chat.requests).toHaveLength(0);
  });

  it('sees answers another instance changed (through the repository revision)', async () => {
    const { ask, project, ports } = await curatedWorld();
    await ask.execute(project, { message: 'Who founded Acme?' });
    const at = ports.clock.now();
    await ports.curatedAnswers.createMany([
      {
        id: ports.ids.newId(),
        projectId: project.id,
        question: 'Who founded Acme Robotics?',
        answer: 'Claire Martin, in 2011.',
        alternativeQuestions: [],
        createdAt: at,
        updatedAt: at,
      },
    ]);
    expect((await ask.execute(project, { message: 'Who founded Acme Robotics?' })).reply).toBe(
      'Claire Martin, in 2011.',
    );
  });
});
