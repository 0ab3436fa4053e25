import { calibrationFor, ModelGateway, type ProviderHealth } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { providerHealth } from './views.js';

/**
 * The embedding model a configured provider indexes with now, and whether confidence is
 * calibrated for it (hosted embedders borrow the local fit until they are evaluated).
 */
function calibrationOf(models: ModelGateway, health: ProviderHealth) {
  if (!health.configured) return {};
  try {
    const embeddingModel = models.embedder(health.provider).model;
    return { embeddingModel, confidenceCalibrated: calibrationFor(embeddingModel).calibrated };
  } catch {
    return {}; // a provider without an embedder: nothing to calibrate
  }
}

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
        const models = runtime.get<ModelGateway>(ModelGateway);
        const providers = await models.health();
        ctx.body = { providers: providers.map((entry) => ({ ...entry, ...calibrationOf(models, entry) })) };
      },
    }),
  ];
}
