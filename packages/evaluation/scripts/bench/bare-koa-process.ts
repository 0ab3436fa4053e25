/**
 * Child process of `pnpm bench`: the ceiling — a bare Koa app (the same Koa as the product) that
 * reads the JSON body of `POST /chat` and answers the canned body in `BENCH_CANNED_BODY`, with no
 * routing, middleware, auth, retrieval or storage.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repositoryRoot } from './children.js';

interface KoaContext {
  req: NodeJS.ReadableStream;
  method: string;
  path: string;
  status: number;
  type: string;
  body: unknown;
}
type KoaApp = {
  use(middleware: (ctx: KoaContext) => Promise<void>): KoaApp;
  listen(port: number, host: string): import('node:http').Server;
};

// Koa is a dependency of @chatbuddy/http-koa, not of the repository root: load that copy.
const requireFromHttp = createRequire(join(repositoryRoot, 'packages', 'http-koa', 'package.json'));
const Koa = requireFromHttp('koa') as new () => KoaApp;
const canned = process.env.BENCH_CANNED_BODY ?? '{}';

const app = new Koa().use(async (ctx) => {
  if (ctx.method !== 'POST' || ctx.path !== '/chat') {
    ctx.status = 404;
    return;
  }
  const parts: Buffer[] = [];
  for await (const part of ctx.req) parts.push(part as Buffer);
  JSON.parse(Buffer.concat(parts).toString('utf8'));
  ctx.type = 'application/json';
  ctx.body = canned;
});
const server = app.listen(0, '127.0.0.1');
server.once('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', port, pid: process.pid });
});
const stop = () => server.close(() => process.exit(0));
process.on('disconnect', stop);
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stop();
});
