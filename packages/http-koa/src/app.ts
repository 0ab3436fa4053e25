import Router from '@koa/router';
import type { ChatBuddy } from '@chatbuddy/runtime';
import Koa, { type Middleware } from 'koa';
import { accessLog } from './middleware/access-log.js';
import { errorHandler } from './middleware/error-handler.js';
import { bearerGuard } from './middleware/guards.js';
import { requestId } from './middleware/request-id.js';
import { buildOpenApiDocument } from './routing/openapi.js';
import { mountRoutes, type RouteDefinition } from './routing/route.js';
import { systemRoutes } from './routes/system.routes.js';

export interface HttpAppOptions {
  /** Extra routes (host services embedding Chat Buddy). */
  routes?: RouteDefinition<any, any, any>[];
}

const version = '0.1.0';

/** The Koa application serving the whole HTTP API of one Chat Buddy instance. */
export function createHttpApp(runtime: ChatBuddy, options: HttpAppOptions = {}): Koa {
  const app = new Koa({ proxy: runtime.config.trustProxy });
  app.silent = true;
  const routes: RouteDefinition<any, any, any>[] = [];
  let openApiDocument: unknown;
  const openApi = () => {
    openApiDocument ??= buildOpenApiDocument(routes, { version, serverUrl: runtime.config.appBaseUrl });
    return openApiDocument;
  };
  routes.push(...systemRoutes(runtime, openApi), ...(options.routes ?? []));

  const apiKeyGuard: Middleware = async () => {
    throw Object.assign(new Error('Project keys are not accepted by this server yet'), {
      status: 401,
      expose: true,
    });
  };
  const router = new Router();
  mountRoutes(router, routes, {
    maxBodyBytes: runtime.config.maxBodyBytes,
    guards: { bearer: bearerGuard(runtime), secretKey: apiKeyGuard, anyKey: apiKeyGuard },
  });

  app.use(requestId());
  app.use(accessLog(runtime.logger));
  app.use(errorHandler(runtime.logger));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
