import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { httpMetrics } from '../metrics/http-metrics.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the `Authorization` header carries `token` as a bearer (constant-time). */
function presentsToken(authorization: string, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * `GET /metrics` in the Prometheus text format. Off (404) unless `METRICS_TOKEN` is set, and then
 * only for a scraper presenting it as a bearer token: request rates, answer outcomes and queue
 * sizes are business information.
 */
export function metricsRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary:
        'Prometheus metrics (requests by route and status, chat answers, tokens, indexing queue, search mirror, vector outbox); served only when METRICS_TOKEN is set, to `Authorization: Bearer <METRICS_TOKEN>`',
      tag: 'system',
      auth: 'none',
      responses: {
        200: {
          description: 'The metrics in the Prometheus text exposition format',
          contentType: 'text/plain',
          schema: z.string().describe('Prometheus text format 0.0.4'),
        },
        401: { description: 'Missing or wrong bearer token' },
        404: { description: 'Metrics are off (METRICS_TOKEN is not set)' },
      },
      handler: async (ctx) => {
        const token = runtime.config.metricsToken;
        if (!token) throw new DomainError('not_found', 'Not found');
        if (!presentsToken(ctx.get('authorization'), token)) {
          ctx.set('www-authenticate', 'Bearer realm="metrics"');
          throw new DomainError('unauthenticated', 'A valid metrics token is required');
        }
        const { registry } = httpMetrics(runtime);
        ctx.set('cache-control', 'no-store');
        ctx.type = registry.contentType;
        ctx.body = await registry.metrics();
      },
    }),
  ];
}
