import { describe, expect, it } from 'vitest';
import { fixtureId } from './fixtures.js';
import {
  failureCode,
  makeConversation,
  makeMessage,
  makeUsageEvent,
  type MakeRepositorySubject,
  seedProject,
} from './repository-fixtures.js';

const minute = (value: number) => new Date(Date.UTC(2026, 0, 2, 0, value));

/** Behaviour every `ConversationRepository` must have. */
export function conversationRepositoryContract(name: string, makeSubject: MakeRepositorySubject): void {
  const setup = async () => {
    const { repositories } = await makeSubject();
    const project = await seedProject(repositories);
    return { conversations: repositories.conversations, repositories, projectId: project.id };
  };

  describe(`ConversationRepository contract: ${name}`, () => {
    it('round-trips and lists conversations newest first, scoped to the project', async () => {
      const { conversations, repositories, projectId } = await setup();
      const created = [0, 1, 2].map((index) =>
        makeConversation(projectId, { createdAt: minute(index), updatedAt: minute(index) }),
      );
      for (const conversation of created) await conversations.create(conversation);
      expect(await conversations.findById(projectId, created[0]!.id)).toEqual(created[0]);
      const page = await conversations.list(projectId, { limit: 2 });
      expect(page.items.map((item) => item.id)).toEqual([created[2]!.id, created[1]!.id]);
      const rest = await conversations.list(projectId, { limit: 2, cursor: page.nextCursor });
      expect(rest).toEqual({ items: [created[0]], nextCursor: null });
      expect(await conversations.count(projectId)).toBe(3);
      const other = await seedProject(repositories);
      expect(await conversations.findById(other.id, created[0]!.id)).toBeNull();
    });

    it('appends messages, bumping the count and updatedAt; pages oldest first; recent returns the tail', async () => {
      const { conversations, projectId } = await setup();
      const conversation = await conversations.create(makeConversation(projectId));
      const messages = [0, 1, 2, 3].map((index) =>
        makeMessage(conversation, {
          role: index % 2 === 0 ? 'user' : 'assistant',
          createdAt: minute(10 + index),
          ...(index % 2 === 1 && {
            sources: [
              {
                documentId: fixtureId(),
                chunkId: fixtureId(),
                title: 'Refunds',
                snippet: '14 days',
                score: 0.8,
              },
            ],
            answered: true,
            confidence: 0.75,
            usage: { promptTokens: 10, completionTokens: 4, totalTokens: 14 },
          }),
        }),
      );
      await conversations.appendMessages([]);
      await conversations.appendMessages(messages.slice(0, 1));
      await conversations.appendMessages(messages.slice(1));
      expect(await conversations.findById(projectId, conversation.id)).toMatchObject({
        messageCount: 4,
        updatedAt: minute(13),
      });
      const first = await conversations.listMessages(projectId, conversation.id, { limit: 3 });
      expect(first.items).toEqual(messages.slice(0, 3));
      const second = await conversations.listMessages(projectId, conversation.id, {
        limit: 3,
        cursor: first.nextCursor,
      });
      expect(second).toEqual({ items: [messages[3]], nextCursor: null });
      expect(await conversations.recentMessages(projectId, conversation.id, 2)).toEqual(messages.slice(2));
      expect(await conversations.findMessage(projectId, messages[1]!.id)).toEqual(messages[1]);
      expect(
        await conversations.findMessage('00000000-0000-4000-8000-000000000000', messages[1]!.id),
      ).toBeNull();
    });

    it('creates a conversation together with its first messages, or nothing', async () => {
      const { conversations, projectId } = await setup();
      const conversation = makeConversation(projectId, { createdAt: minute(20), updatedAt: minute(20) });
      const messages = [
        makeMessage(conversation, { createdAt: minute(21) }),
        makeMessage(conversation, { role: 'assistant', createdAt: minute(22) }),
      ];
      const created = await conversations.create(conversation, messages);
      expect(created).toMatchObject({ id: conversation.id, messageCount: 2, updatedAt: minute(22) });
      expect(await conversations.findById(projectId, conversation.id)).toEqual(created);
      expect((await conversations.listMessages(projectId, conversation.id, { limit: 5 })).items).toEqual(
        messages,
      );
      const other = makeConversation(projectId);
      const stranger = makeMessage(makeConversation(projectId));
      expect(await failureCode(conversations.create(other, [stranger]))).toBe('invalid_input');
      expect(await conversations.findById(projectId, other.id)).toBeNull();
      const messagesOf = async (id: string) =>
        (await conversations.listMessages(projectId, id, { limit: 5 })).items;
      expect(await messagesOf(other.id)).toEqual([]);
      expect(await messagesOf(stranger.conversationId)).toEqual([]);
    });

    it('stores a new conversation with its turn and charges the usage event in one step, or nothing', async () => {
      const { conversations, repositories, projectId } = await setup();
      expect(await repositories.projects.reserveTokens(projectId, 40, minute(30))).toBe(true);
      const conversation = makeConversation(projectId, { createdAt: minute(30), updatedAt: minute(30) });
      const messages = [
        makeMessage(conversation, { createdAt: minute(31) }),
        makeMessage(conversation, { role: 'assistant', createdAt: minute(32) }),
      ];
      const event = makeUsageEvent(projectId, { totalTokens: 25, createdAt: minute(32) });
      const created = await conversations.createWithUsage(conversation, messages, event, {
        reservedTokens: 40,
      });
      expect(created).toMatchObject({ id: conversation.id, messageCount: 2, updatedAt: minute(32) });
      expect(await conversations.findById(projectId, conversation.id)).toEqual(created);
      expect((await conversations.listMessages(projectId, conversation.id, { limit: 5 })).items).toEqual(
        messages,
      );
      expect(await repositories.usage.recent(projectId, 5)).toEqual([event]);
      expect(await repositories.projects.findById(projectId)).toMatchObject({
        tokensUsed: 25,
        tokensReserved: 0,
        periodTokensUsed: 25,
      });

      const other = makeConversation(projectId);
      const stranger = makeMessage(makeConversation(projectId));
      const refused = makeUsageEvent(projectId, { totalTokens: 7 });
      expect(
        await failureCode(conversations.createWithUsage(other, [stranger], refused, { reservedTokens: 0 })),
      ).toBe('invalid_input');
      expect(await conversations.findById(projectId, other.id)).toBeNull();
      expect(
        (await conversations.listMessages(projectId, stranger.conversationId, { limit: 5 })).items,
      ).toEqual([]);
      expect(await repositories.usage.recent(projectId, 5)).toEqual([event]);
      expect((await repositories.projects.findById(projectId))?.tokensUsed).toBe(25);
    });

    it('refuses a message for an unknown conversation with conversation_not_found', async () => {
      const { conversations, projectId } = await setup();
      const ghost = makeConversation(projectId);
      expect(await failureCode(conversations.appendMessages([makeMessage(ghost)]))).toBe(
        'conversation_not_found',
      );
      const real = await conversations.create(makeConversation(projectId));
      expect(await failureCode(conversations.appendMessages([makeMessage(real), makeMessage(ghost)]))).toBe(
        'invalid_input',
      );
      expect(await conversations.findById(projectId, real.id)).toMatchObject({ messageCount: 0 });
      for (const id of [ghost.id, real.id])
        expect((await conversations.listMessages(projectId, id, { limit: 5 })).items).toEqual([]);
    });

    it('stores the summary of older turns', async () => {
      const { conversations, projectId } = await setup();
      const conversation = await conversations.create(makeConversation(projectId));
      await conversations.updateSummary(projectId, conversation.id, 'They asked about refunds.', 4);
      expect(await conversations.findById(projectId, conversation.id)).toMatchObject({
        summary: 'They asked about refunds.',
        summarisedMessageCount: 4,
      });
    });
  });
}
