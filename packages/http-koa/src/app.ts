import Router from '@koa/router';
import { DomainError } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import Koa from 'koa';
import { accessLog } from './middleware/access-log.js';
import { receiveBodyFirst, setBodyIdleTimeout } from './middleware/body.js';
import { errorHandler } from './middleware/error-handler.js';
import { type Lane, loadShedding } from './middleware/load-shedding.js';
import { apiKeyGuard } from './middleware/api-key.js';
import { cors } from './middleware/cors.js';
import { bearerGuard } from './middleware/guards.js';
import { requestId } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { shutdownGate } from './middleware/shutdown.js';
import { buildOpenApiDocument } from './routing/openapi.js';
import { mountRoutes, type RouteDefinition } from './routing/route.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { assistantRoutes } from './routes/assistant.routes.js';
import { chatRoutes } from './routes/chat.routes.js';
import { curatedAnswerRoutes } from './routes/curated-answers.routes.js';
import { debugRoutes } from './routes/debug.routes.js';
import { mountDocs } from './routes/docs.routes.js';
import { documentRoutes } from './routes/documents.routes.js';
import { dashboardDocumentRoutes } from './routes/dashboard-documents.routes.js';
import { leadRoutes } from './routes/leads.routes.js';
import { projectRoutes } from './routes/projects.routes.js';
import { usageRoutes } from './routes/usage.routes.js';
import { insightsRoutes } from './routes/insights.routes.js';
import { mountWidgetScript } from './routes/widget-script.js';
import { mountDashboardApp } from './routes/dashboard-app.js';
import { mountHomePage } from './routes/home-page.js';
import { systemRoutes } from './routes/system.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { requestMetrics } from './middleware/metrics.js';
import type { AppState } from './routing/state.js';

export interface HttpAppOptions {
  /** Extra routes (host services embedding Chat Buddy). */
  routes?: RouteDefinition<any, any, any>[];
}

const version = '0.1.0';

/** The Koa application serving the whole HTTP API of one Chat Buddy instance. */
export function createHttpApp(runtime: ChatBuddy, options: HttpAppOptions = {}): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: runtime.config.trustProxy });
  app.silent = true;
  const routes: RouteDefinition<any, any, any>[] = [];
  let openApiDocument: unknown;
  const openApi = () => {
    openApiDocument ??= buildOpenApiDocument(routes, { version, serverUrl: runtime.config.appBaseUrl });
    return openApiDocument;
  };
  routes.push(...authRoutes(runtime));
  routes.push(
    ...systemRoutes(runtime, openApi),
    ...metricsRoutes(runtime),
    ...projectRoutes(runtime),
    ...adminRoutes(runtime),
    ...documentRoutes(runtime),
    ...dashboardDocumentRoutes(runtime),
    ...chatRoutes(runtime),
    ...curatedAnswerRoutes(runtime),
    ...assistantRoutes(runtime),
    ...usageRoutes(runtime),
    ...leadRoutes(runtime),
    ...insightsRoutes(runtime),
    ...debugRoutes(runtime),
    ...(options.routes ?? []),
  );

  const router = new Router<AppState>();
  mountRoutes(router, routes, {
    maxBodyBytes: runtime.config.maxBodyBytes,
    guards: {
      bearer: bearerGuard(runtime),
      apiKey: (action) => apiKeyGuard(runtime, action),
    },
  });
  mountDocs(router);
  mountWidgetScript(router);
  mountDashboardApp(router);
  mountHomePage(router, runtime);

  app.use(requestId());
  app.use(securityHeaders());
  app.use(accessLog(runtime.logger));
  app.use(requestMetrics(httpMetrics(runtime)));
  app.use(cors({ frontendOrigin: runtime.config.frontendOrigin }));
  const gate = shutdownGate(app);
  app.use(errorHandler(runtime.logger, gate));
  app.use(gate.middleware());
  const bodyIdleMs = runtime.config.bodyIdleTimeoutSeconds * 1000;
  app.use((ctx, next) => {
    setBodyIdleTimeout(ctx, bodyIdleMs);
    return next();
  });
  app.use(
    loadShedding({
      maxConcurrent: runtime.config.maxConcurrentRequests,
      maxQueueMs: runtime.config.maxQueueMs,
      lanes: indexingLanes(runtime.config),
      // Unset, the queue's budget; off in tests, whose machines hold the loop with other work.
      maxLoopDelayMs:
        runtime.config.maxLoopDelayMs ?? (runtime.config.nodeEnv === 'test' ? 0 : runtime.config.maxQueueMs),
      exempt: ['/health', '/ready', '/widget.js'],
      exemptPrefixes: ['/app'],
      logger: runtime.logger,
      shutdown: gate,
      // A body of up to MAX_BODY_BYTES is received before its request takes a slot.
      beforeAdmission: (ctx) => receiveBodyFirst(ctx, runtime.config.maxBodyBytes),
    }),
  );
  app.use(router.routes());
  // A path's other methods: 405 with the `Allow` header the router sets, in the error envelope. A
  // method no route knows (PROPFIND, PURGE…) is the client's mistake too: 405, not the router's 501.
  app.use(async (ctx, next) => {
    await next();
    if (ctx.status === 405 || ctx.status === 501)
      throw new DomainError('method_not_allowed', 'This method is not allowed on this resource');
  });
  app.use(router.allowedMethods());
  return app;
}

/** What stores, chunks and embeds a document: an upload, a replacement, a reindex. */
const indexingRequest =
  /^\/(?:upload-doc(?:\/file)?|documents\/[^/]+(?:\/reindex)?|projects\/[^/]+\/documents\/(?:file|[^/]+\/reindex))\/?$/;

/**
 * Uploads and reindexing wait for slots of their own (`MAX_CONCURRENT_INDEXING`), at most
 * `MAX_INDEXING_QUEUE_MS`, and no more than 32 per slot at once.
 */
export function indexingLanes(config: { maxConcurrentIndexing: number; maxIndexingQueueMs: number }): Lane[] {
  if (config.maxConcurrentIndexing <= 0) return [];
  return [
    {
      matches: (method, path) => (method === 'POST' || method === 'PUT') && indexingRequest.test(path),
      maxConcurrent: config.maxConcurrentIndexing,
      maxQueueMs: config.maxIndexingQueueMs,
      maxQueued: 32 * config.maxConcurrentIndexing,
    },
  ];
}
