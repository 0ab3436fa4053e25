import {
  type AuditContext,
  auditActions,
  auditTargetTypes,
  ListAuditEntries,
  ListUsers,
  listAuditEntriesInput,
  UpdateUser,
  updateUserInput,
  userParams,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { publicUser } from './auth.routes.js';
import { pageOf, pageQuery } from './schemas.js';

const auditEntryView = z.object({
  id: z.string(),
  action: z.enum(auditActions),
  actorId: z
    .string()
    .nullable()
    .describe('The user who acted; null for an operator (CLI) or an unknown email'),
  target: z.object({ type: z.enum(auditTargetTypes), id: z.string() }).nullable(),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  createdAt: z.string(),
});

/** What the audit log records of an HTTP request besides the action. */
export function auditContext(ctx: { state: { requestId: string }; ip: string }): AuditContext {
  return { requestId: ctx.state.requestId, clientIp: ctx.ip };
}

/** Administration over HTTP (bearer auth, admins only): users and the audit log. */
export function adminRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      summary: 'Users, newest first (admins only)',
      tag: 'admin',
      auth: 'bearer',
      query: pageQuery,
      responses: {
        200: { description: 'A page of users', schema: pageOf(publicUser) },
        403: { description: 'forbidden: not an administrator' },
      },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(ListUsers).execute(query, ctx.state.user);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:userId',
      summary:
        "Change a user's role or status (admins only, audited). Disabling ends the user's sessions and access tokens at once; the last active admin cannot be demoted or disabled (409).",
      tag: 'admin',
      auth: 'bearer',
      params: userParams,
      body: updateUserInput,
      responses: {
        200: { description: 'The updated user', schema: z.object({ user: publicUser }) },
        403: { description: 'forbidden: not an administrator' },
        404: { description: 'user_not_found' },
        409: { description: 'conflict: the last active administrator' },
      },
      handler: async (ctx, { params, body }) => {
        const user = await runtime
          .get(UpdateUser)
          .execute(ctx.state.user, params.userId, body, auditContext(ctx));
        ctx.body = { user };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit',
      summary:
        'The audit log, newest first (admins only): logins, refresh-token reuse, key rotations, project deletions, role and status changes. Filter by `action` (comma-separated) and by time (`since` inclusive, `until` exclusive).',
      tag: 'admin',
      auth: 'bearer',
      query: listAuditEntriesInput,
      responses: {
        200: { description: 'A page of audit entries', schema: pageOf(auditEntryView) },
        403: { description: 'forbidden: not an administrator' },
      },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(ListAuditEntries).execute(query, ctx.state.user);
      },
    }),
  ];
}
