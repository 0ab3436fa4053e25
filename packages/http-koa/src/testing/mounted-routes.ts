import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { createLogger } from '@chatbuddy/runtime';
import Koa from 'koa';
import { errorHandler } from '../middleware/error-handler.js';
import { securityHeaders } from '../middleware/security-headers.js';

/**
 * Serves only the routes `mount` adds (with the app's security headers and error envelope) on a
 * loopback port, for tests of one route module; `close()` stops every server it started.
 */
export function mountedRoutes(): { serve(mount: (router: Router) => void): Promise<string>; close(): void } {
  const servers: { close(): void }[] = [];
  return {
    async serve(mount) {
      const app = new Koa();
      app.silent = true;
      const router = new Router();
      mount(router);
      app.use(securityHeaders());
      app.use(errorHandler(createLogger({ logLevel: 'silent' })));
      app.use(router.routes());
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close() {
      for (const server of servers) server.close();
    },
  };
}
