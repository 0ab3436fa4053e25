import { GetUsage, ListConversations, ListMessages } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { accessibleProject } from './dashboard-project.js';
import { pageQuery, projectParams } from './schemas.js';
import { conversationPage, messagePage, usageReport } from './views.js';

const usageQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

/** Usage (runtime and dashboard) and the dashboard's conversation review. */
export function usageRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/usage',
      summary: 'Token usage of the key’s project: totals, per endpoint, per day, recent events',
      tag: 'usage',
      auth: { apiKey: 'read_usage' },
      query: usageQuery,
      responses: { 200: { description: 'Usage report', schema: usageReport } },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(GetUsage).execute(ctx.state.project, query.days);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/usage',
      summary: 'Token usage of a project',
      tag: 'usage',
      auth: 'bearer',
      params: projectParams,
      query: usageQuery,
      responses: { 200: { description: 'Usage report', schema: usageReport } },
      handler: async (ctx, { params, query }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(GetUsage).execute(project, query.days);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/conversations',
      summary: 'Conversations of a project (dashboard review)',
      tag: 'chat',
      auth: 'bearer',
      params: projectParams,
      query: pageQuery,
      responses: { 200: { description: 'A page of conversations', schema: conversationPage } },
      handler: async (ctx, { params, query }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(ListConversations).execute(project.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/conversations/:conversationId/messages',
      summary: 'Messages of a conversation (dashboard review)',
      tag: 'chat',
      auth: 'bearer',
      params: projectParams.extend({ conversationId: z.uuid() }),
      query: pageQuery,
      responses: { 200: { description: 'A page of messages', schema: messagePage } },
      handler: async (ctx, { params, query }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(ListMessages).execute(project.id, params.conversationId, query);
      },
    }),
  ];
}
