import { ModelGateway } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { providerHealth } from './views.js';

/** Diagnostics served outside production only. */
export function debugRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  if (runtime.config.nodeEnv === 'production') return [];
  return [
    defineRoute({
      method: 'get',
      path: '/debug/provider-health',
      summary: 'Which model providers are configured and reachable (not served in production)',
      tag: 'system',
      auth: 'none',
      responses: { 200: { description: 'One entry per provider', schema: providerHealth } },
      handler: async (ctx) => {
        ctx.body = { providers: await runtime.get<ModelGateway>(ModelGateway).health() };
      },
    }),
  ];
}
