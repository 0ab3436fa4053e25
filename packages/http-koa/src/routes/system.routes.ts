import { CheckReadiness } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { openApiView } from './views.js';

const readinessSchema = z.object({
  ready: z.boolean(),
  degraded: z.boolean().describe('A non-essential dependency (the shared rate-limit store) is down'),
  checks: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      essential: z.boolean(),
      latencyMs: z.number(),
      error: z.string().optional(),
    }),
  ),
});

/** Liveness, readiness and the API description. */
export function systemRoutes(runtime: ChatBuddy, openApi: () => unknown): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness: the process answers',
      tag: 'system',
      auth: 'none',
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handler: async (ctx) => {
        ctx.body = { status: 'ok' };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      summary: 'Readiness: database and vector store reachable; degraded while the rate-limit store is down',
      tag: 'system',
      auth: 'none',
      responses: {
        200: { description: 'Ready', schema: readinessSchema },
        503: { description: 'A dependency is down', schema: readinessSchema },
      },
      handler: async (ctx) => {
        const readiness = await runtime.get(CheckReadiness).execute();
        ctx.status = readiness.ready ? 200 : 503;
        ctx.body = readiness;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'OpenAPI 3.1 description of every endpoint',
      tag: 'system',
      auth: 'none',
      responses: { 200: { description: 'The OpenAPI document', schema: openApiView } },
      handler: async (ctx) => {
        ctx.body = openApi();
      },
    }),
  ];
}
