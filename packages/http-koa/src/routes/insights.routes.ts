import { GetAnalytics, GiveFeedback, giveFeedbackInput } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { accessibleProject } from './dashboard-project.js';
import { analyticsReport, feedbackView } from './insights.views.js';
import { projectParams } from './schemas.js';

const analyticsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/** Feedback on answers (runtime API) and analytics (runtime and dashboard). */
export function insightsRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/feedback',
      summary:
        'Rate an answer up or down (changeable; a change without `comment` keeps the comment, ' +
        '`null` removes it). With a publishable key, `conversationId` is required: ' +
        'conversation ids are random and never listed to publishable keys, so only the visitor who ' +
        'holds the conversation can rate its answers.',
      tag: 'chat',
      auth: { apiKey: 'give_feedback' },
      params: z.object({ messageId: z.string().max(100) }),
      body: giveFeedbackInput,
      responses: { 200: { description: 'The stored rating', schema: feedbackView } },
      handler: async (ctx, { params, body }) => {
        const feedback = await runtime
          .get(GiveFeedback)
          .execute(ctx.state.project, ctx.state.keyKind, params.messageId, body);
        ctx.body = { feedback };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/analytics',
      summary: 'Analytics of the key’s project: counts, usage, unanswered questions, thumbs-down answers',
      tag: 'usage',
      auth: { apiKey: 'read_analytics' },
      query: analyticsQuery,
      responses: { 200: { description: 'Analytics report', schema: analyticsReport } },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(GetAnalytics).execute(ctx.state.project, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/analytics',
      summary: 'Analytics of a project (dashboard)',
      tag: 'usage',
      auth: 'bearer',
      params: projectParams,
      query: analyticsQuery,
      responses: { 200: { description: 'Analytics report', schema: analyticsReport } },
      handler: async (ctx, { params, query }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(GetAnalytics).execute(project, query);
      },
    }),
  ];
}
