import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../assistant/conversation.js';
import type { AnalyticsReader } from '../../ports/analytics-reader.port.js';
import type { FeedbackRepository } from '../../ports/feedback.repository.port.js';
import type { LeadRepository } from '../../ports/lead.repository.port.js';
import type { TransactionalRepositories } from '../../ports/unit-of-work.port.js';
import type { WebhookDeliveryRepository } from '../../ports/webhook-delivery.repository.port.js';
import { insightsLeadsContract } from './insights.leads.contract.js';
import {
  failureCode,
  makeConversation,
  makeMessage,
  makeUsageEvent,
  seedProject,
} from './repository-fixtures.js';

export interface InsightsSubject {
  repositories: TransactionalRepositories;
  feedback: FeedbackRepository;
  analytics: AnalyticsReader;
  leads: LeadRepository;
  webhookDeliveries: WebhookDeliveryRepository;
}

const day = (n: number, minute = 0) => new Date(Date.UTC(2026, 2, n, 12, minute));

/** Stores a conversation of question/answer pairs (`null` answer text: `I don't know.`). */
async function converse(
  repositories: TransactionalRepositories,
  projectId: string,
  turns: Array<{ question: string; answer: string | null; at: Date }>,
): Promise<{ conversation: Conversation; answers: Message[] }> {
  const conversation = makeConversation(projectId, { createdAt: turns[0]!.at, updatedAt: turns[0]!.at });
  const messages = turns.flatMap(({ question, answer, at }) => [
    makeMessage(conversation, { content: question, createdAt: at }),
    makeMessage(conversation, {
      role: 'assistant',
      content: answer ?? "I don't know.",
      answered: answer !== null,
      createdAt: new Date(at.getTime() + 1),
    }),
  ]);
  await repositories.conversations.create(conversation, messages);
  return { conversation, answers: messages.filter((message) => message.role === 'assistant') };
}

/** Behaviour every `FeedbackRepository` and `AnalyticsReader` must have. */
export function insightsContract(name: string, makeSubject: () => Promise<InsightsSubject>): void {
  describe(`FeedbackRepository and AnalyticsReader contract: ${name}`, () => {
    it('keeps one rating per message, changeable, and refuses other messages', async () => {
      const { repositories, feedback } = await makeSubject();
      const project = await seedProject(repositories);
      const other = await seedProject(repositories);
      const { conversation, answers } = await converse(repositories, project.id, [
        { question: 'Refunds?', answer: 'Within 14 days.', at: day(1) },
      ]);
      const answer = answers[0]!;
      const rating = { messageId: answer.id, projectId: project.id, comment: null };
      await feedback.upsert({ ...rating, rating: 'up', createdAt: day(2), updatedAt: day(2) });
      const changed = await feedback.upsert({
        ...rating,
        rating: 'down',
        comment: 'Too vague',
        createdAt: day(3),
        updatedAt: day(3),
      });
      expect(changed).toEqual({
        ...rating,
        rating: 'down',
        comment: 'Too vague',
        createdAt: day(2),
        updatedAt: day(3),
      });
      expect(await feedback.find(project.id, answer.id)).toEqual(changed);
      // Without a comment the rating changes and the comment stays; null removes it.
      const { comment: _omitted, ...withoutComment } = rating;
      const kept = await feedback.upsert({
        ...withoutComment,
        rating: 'up',
        createdAt: day(4),
        updatedAt: day(4),
      });
      expect(kept).toEqual({ ...changed, rating: 'up', updatedAt: day(4) });
      const cleared = await feedback.upsert({
        ...rating,
        rating: 'up',
        createdAt: day(5),
        updatedAt: day(5),
      });
      expect(cleared).toEqual({ ...changed, rating: 'up', comment: null, updatedAt: day(5) });
      const restored = await feedback.upsert({
        ...rating,
        rating: 'down',
        comment: 'Too vague',
        createdAt: day(3),
        updatedAt: day(3),
      });
      expect(restored).toEqual(changed);
      expect(await feedback.find(other.id, answer.id)).toBeNull();
      const question = (
        await repositories.conversations.listMessages(project.id, conversation.id, { limit: 1 })
      ).items[0]!;
      for (const attempt of [
        { ...rating, projectId: other.id },
        { ...rating, messageId: question.id },
        { ...rating, messageId: '00000000-0000-4000-8000-000000000000' },
      ])
        expect(
          await failureCode(
            feedback.upsert({ ...attempt, rating: 'up', createdAt: day(4), updatedAt: day(4) }),
          ),
        ).toBe('message_not_found');
      expect(await feedback.find(project.id, answer.id)).toEqual(changed);
    });

    it('counts, groups unanswered questions by their normalised text, and lists thumbs-down answers', async () => {
      const { repositories, feedback, analytics } = await makeSubject();
      const project = await seedProject(repositories);
      const other = await seedProject(repositories);
      const first = await converse(repositories, project.id, [
        { question: 'What is the REFUND policy?', answer: null, at: day(10) },
        { question: 'Do you ship to Mars?', answer: null, at: day(10, 5) },
        { question: 'Opening hours?', answer: 'Nine to five.', at: day(10, 10) },
      ]);
      const second = await converse(repositories, project.id, [
        { question: '  what is the refund   policy ', answer: null, at: day(11) },
        { question: 'Old question', answer: null, at: day(1) },
      ]);
      await converse(repositories, other.id, [
        { question: 'Do you ship to Mars?', answer: null, at: day(11) },
      ]);
      await repositories.usage.record(makeUsageEvent(project.id, { outcome: 'curated', createdAt: day(10) }));
      await repositories.usage.record(makeUsageEvent(project.id, { outcome: 'curated', createdAt: day(1) }));
      await repositories.usage.record(makeUsageEvent(other.id, { outcome: 'curated', createdAt: day(10) }));
      const rate = (answer: Message, rating: 'up' | 'down', at: Date, comment: string | null = null) =>
        feedback.upsert({
          messageId: answer.id,
          projectId: project.id,
          rating,
          comment,
          createdAt: at,
          updatedAt: at,
        });
      await rate(first.answers[2]!, 'down', day(12), 'Wrong hours');
      await rate(first.answers[1]!, 'down', day(12, 30));
      await rate(first.answers[0]!, 'up', day(12));

      const facts = await analytics.read(project.id, { since: day(5), limit: 10 });
      expect(facts.counts).toEqual({ documents: 0, chunks: 0, conversations: 2, messages: 10, leads: 0 });
      expect(facts.answers).toEqual({ answered: 1, unanswered: 3 });
      expect(facts.ratings).toEqual({ up: 1, down: 2 });
      expect(facts.curatedHits).toBe(1);
      expect(facts.unansweredQuestions).toEqual([
        {
          question: '  what is the refund   policy ',
          count: 2,
          conversationId: second.conversation.id,
          messageId: second.answers[0]!.id,
          lastAskedAt: new Date(day(11).getTime() + 1),
        },
        {
          question: 'Do you ship to Mars?',
          count: 1,
          conversationId: first.conversation.id,
          messageId: first.answers[1]!.id,
          lastAskedAt: new Date(day(10, 5).getTime() + 1),
        },
      ]);
      expect(facts.thumbsDown).toEqual([
        {
          question: 'Do you ship to Mars?',
          answer: "I don't know.",
          comment: null,
          conversationId: first.conversation.id,
          messageId: first.answers[1]!.id,
          ratedAt: day(12, 30),
        },
        {
          question: 'Opening hours?',
          answer: 'Nine to five.',
          comment: 'Wrong hours',
          conversationId: first.conversation.id,
          messageId: first.answers[2]!.id,
          ratedAt: day(12),
        },
      ]);
      expect(
        (await analytics.read(project.id, { since: day(5), limit: 1 })).unansweredQuestions,
      ).toHaveLength(1);
      const empty = await analytics.read((await seedProject(repositories)).id, { since: day(5), limit: 10 });
      expect(empty).toEqual({
        counts: { documents: 0, chunks: 0, conversations: 0, messages: 0, leads: 0 },
        answers: { answered: 0, unanswered: 0 },
        ratings: { up: 0, down: 0 },
        curatedHits: 0,
        unansweredQuestions: [],
        thumbsDown: [],
        leadNotifications: { delivered: 0, failed: 0, lastFailure: null },
      });
    });

    insightsLeadsContract(makeSubject);
  });
}
