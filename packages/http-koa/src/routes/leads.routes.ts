import { Readable } from 'node:stream';
import { EraseLead, ExportLeads, ListLeads } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { pageOf, pageQuery, projectParams } from './schemas.js';

const leadFilterQuery = z.object({
  verified: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: verified leads only; false: unverified only'),
  q: z.string().max(200).optional().describe('Case-insensitive text in the name or email (taken literally)'),
});
const timestamp = z.string().describe('ISO 8601 date and time');
const leadView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  verifiedAt: timestamp.nullable(),
  messagesUsed: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
const leadPage = pageOf(leadView);
const erasedLead = z.object({ leadId: z.string(), erased: z.literal(true) });

/** The dashboard's leads: list and search, CSV export, erasure (owner or admin; others get 404). */
export function leadRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/leads',
      summary: 'Leads of a project, newest first; filter by verification, search names and emails',
      tag: 'leads',
      auth: 'bearer',
      params: projectParams,
      query: pageQuery.extend(leadFilterQuery.shape),
      responses: { 200: { description: 'A page of leads', schema: leadPage } },
      handler: async (ctx, { params, query }) => {
        ctx.body = await runtime.get(ListLeads).execute(ctx.state.user, params.projectId, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/leads.csv',
      summary:
        'Leads as CSV (RFC 4180, UTF-8 with a byte order mark; columns id, name, email, verified_at, messages_used, created_at; cells starting like a formula get a leading apostrophe)',
      tag: 'leads',
      auth: 'bearer',
      params: projectParams,
      query: leadFilterQuery,
      responses: {
        200: {
          description: 'The CSV file',
          contentType: 'text/csv',
          schema: z.string().describe('CSV text, UTF-8 with a byte order mark'),
        },
      },
      handler: async (ctx, { params, query }) => {
        const { filename, chunks } = await runtime
          .get(ExportLeads)
          .execute(ctx.state.user, params.projectId, query);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('content-disposition', `attachment; filename="${filename}"`);
        ctx.body = Readable.from(chunks);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/projects/:projectId/leads/:leadId',
      summary: 'Erase a lead with its one-time codes, sessions and conversations',
      tag: 'leads',
      auth: 'bearer',
      params: projectParams.extend({ leadId: z.uuid() }),
      responses: { 200: { description: 'The lead is erased', schema: erasedLead } },
      handler: async (ctx, { params }) => {
        ctx.body = await runtime.get(EraseLead).execute(ctx.state.user, params.projectId, params.leadId);
      },
    }),
  ];
}
