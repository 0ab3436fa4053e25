import { z } from 'zod';

/** Response bodies of the feedback and analytics routes, for the OpenAPI document. */
const timestamp = z.string().describe('ISO 8601 date and time');
const totals = z.object({
  calls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
});
const curatedAnswersPath = z.string().describe('Dashboard route to add a curated answer for the question');

export const feedbackView = z.object({
  feedback: z.object({
    messageId: z.string(),
    conversationId: z.string(),
    rating: z.enum(['up', 'down']),
    comment: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
});

export const analyticsReport = z.object({
  projectId: z.string(),
  since: timestamp,
  until: timestamp,
  counts: z.object({
    documents: z.number(),
    chunks: z.number(),
    conversations: z.number(),
    messages: z.number(),
    leads: z.number(),
  }),
  usage: z.object({
    totals,
    byEndpoint: z.array(totals.extend({ endpoint: z.string() })),
    daily: z.array(totals.extend({ day: z.string().describe('UTC day, YYYY-MM-DD') })),
  }),
  answers: z.object({
    answered: z.number(),
    unanswered: z.number(),
    total: z.number(),
    unansweredRate: z.number().min(0).max(1),
  }),
  ratings: z.object({ up: z.number(), down: z.number() }),
  curatedHits: z.number(),
  tokenBudget: z.object({
    period: z.enum(['month', 'lifetime']),
    start: timestamp,
    end: timestamp.nullable().describe('When the budget resets; null for a lifetime budget'),
    used: z.number(),
    limit: z.number().nullable(),
    remaining: z.number().nullable(),
  }),
  unansweredQuestions: z.array(
    z.object({
      question: z.string(),
      count: z.number(),
      conversationId: z.string(),
      messageId: z.string(),
      lastAskedAt: timestamp,
      curatedAnswersPath,
    }),
  ),
  thumbsDown: z.array(
    z.object({
      question: z.string().nullable(),
      answer: z.string(),
      comment: z.string().nullable(),
      conversationId: z.string(),
      messageId: z.string(),
      ratedAt: timestamp,
      curatedAnswersPath,
    }),
  ),
  leadNotifications: z
    .object({
      delivered: z.number(),
      failed: z.number(),
      lastFailure: z
        .object({
          at: timestamp,
          event: z.string(),
          attempts: z.number(),
          responseStatus: z
            .number()
            .nullable()
            .describe('HTTP status of the last attempt; null when none came'),
          error: z.string().nullable(),
        })
        .nullable(),
    })
    .describe('Lead notification webhooks of the window by outcome, and the latest failure'),
});
